#pragma once
// Small JSON helpers shared by the JSON dialects (dialect_<carrier>.cpp):
// non-throwing parse and typed field lookups over Boost.JSON. Pure; any thread.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "callsim/dialect.hpp"

namespace voxgate::callsim::dialect_json {

// The top-level object of `text`, or nullopt if it is not a JSON object.
std::optional<boost::json::object> parse_object(std::string_view text);

// o[key] as a string, or nullptr if absent or not a string.
const boost::json::string* string_at(const boost::json::object& o, std::string_view key);
// o[key] as an object, or nullptr if absent or not an object.
const boost::json::object* object_at(const boost::json::object& o, std::string_view key);

// The error for a message whose stream id (first of `keys` present) is not
// `expected`; empty when it matches or (with `optional`) none is present.
std::string check_stream_id(const boost::json::object& o, std::initializer_list<const char*> keys,
                            const std::string& expected, bool optional);

// Decodes o.media.payload (strict base64); error text if absent or bad.
std::string media_payload(const boost::json::object& o, std::vector<uint8_t>& out);

// {k: v, ...} of the call's custom parameters.
boost::json::object parameters_object(const DialectConfig& config);

// Out of line: GCC 12 sees a false free-nonheap-object when these are
// built inline in a parse function.
ParseResult mark_event(std::string_view name);
ParseResult parse_error(std::string what);
// The mark named by o.mark.name (Telnyx and Exotel), else a parse error.
ParseResult mark_from(const boost::json::object& o);

std::string serialize(const boost::json::object& o);
// A JSON text frame.
WireFrame text(const boost::json::object& o, bool is_media = false);

}  // namespace voxgate::callsim::dialect_json
