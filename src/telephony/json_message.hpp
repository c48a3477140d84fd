#pragma once
// What the JSON carrier dialects (Twilio, Telnyx, Plivo, ...) share: the
// parse errors, a reader of one object's members that keeps the first error
// instead of throwing (STYLE.md "Errors"), the frame every parser starts with
// (size limit, JSON, object, an "event" string), and the string writer the
// hot-path serializers append with. Free functions and a short-lived stack
// object; no thread affinity.

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::telephony {

enum class ParseError {
  kInvalidJson,
  kNotObject,
  kMissingField,
  kWrongType,
  kBadBase64,
  kUnknownEvent,
  kTooLarge,
};

// A short metric-safe label ("invalid_json", ...).
std::string_view to_string(ParseError e);

// Messages above this size are refused before parsing (a 20 ms media frame is
// ~400 bytes; BEHAVIOUR.md treats an oversized frame as a protocol error).
inline constexpr size_t kMaxMessageBytes = 64 * 1024;

enum class Need { kRequired, kOptional };

class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object) : object_(object) {}

  // Each reader leaves `out` untouched when the field is absent and optional,
  // and does nothing once an error has been recorded.
  void str(std::string_view key, std::string& out, Need need);
  // Digit string or non-negative JSON integer (carriers send counters as
  // strings, some as numbers).
  void u64(std::string_view key, uint64_t& out, Need need);
  // A JSON number with an integral value in [0, INT_MAX].
  void int32(std::string_view key, int& out, Need need);
  // A strict base64 string (not decoded here).
  void base64(std::string_view key, std::string& out, Need need);
  // An object of string values, appended to `out` in order.
  void string_pairs(std::string_view key, std::vector<std::pair<std::string, std::string>>& out,
                    Need need);
  // The one required string `key` of the required sub-object `object`
  // (dtmf.digit, mark.name, media.payload).
  void member(std::string_view object, std::string_view key, std::string& out);
  // nullptr when absent (optional) or on error.
  const boost::json::object* obj(std::string_view key, Need need);
  const boost::json::array* arr(std::string_view key, Need need);

  void fail(ParseError e) {
    if (!error_) error_ = e;
  }
  // Takes over a nested reader's first error.
  void merge(const FieldReader& inner) {
    if (inner.error_) fail(*inner.error_);
  }
  const std::optional<ParseError>& error() const { return error_; }
  const boost::json::object& object() const { return object_; }

 private:
  // nullptr when absent or after an error; records kMissingField if required.
  const boost::json::value* find(std::string_view key, Need need);

  const boost::json::object& object_;
  std::optional<ParseError> error_;
};

// Bytes parsed on the stack before the resource falls back to the heap: a
// media message (~400 bytes of text) parses without a heap allocation.
inline constexpr size_t kParseArenaBytes = 4096;

// The shared frame of every dialect's parser: size limit, JSON, object, the
// "event" string; then `read(FieldReader& top, std::string_view event)`.
template <typename Event, typename Read>
common::Result<Event, ParseError> parse_message(std::string_view text, Read read) {
  namespace json = boost::json;
  if (text.size() > kMaxMessageBytes) return common::unexpected(ParseError::kTooLarge);
  unsigned char arena[kParseArenaBytes];
  json::monotonic_resource mr(arena, sizeof arena);
  boost::system::error_code ec;
  // parse() reports syntax errors through ec; only allocation failure could
  // throw, and the media path treats that like any other fatal error.
  const json::value doc = json::parse(text, ec, &mr);
  if (ec) return common::unexpected(ParseError::kInvalidJson);
  if (!doc.is_object()) return common::unexpected(ParseError::kNotObject);
  FieldReader top(doc.get_object());
  std::string event;
  top.str("event", event, Need::kRequired);
  if (top.error()) return common::unexpected(*top.error());
  Event out = read(top, std::string_view(event));
  if (top.error()) return common::unexpected(*top.error());
  return out;
}

// The `media` object of Plivo's and Exotel's media messages: an optional
// `timestamp` (number or digit string) and a required base64 `payload`.
CallerMedia read_media(FieldReader& top);

// Appends `s` as a JSON string. Ids and base64 payloads never need escaping,
// so the common case is a plain copy; anything else (mark names are free
// text) goes through Boost.JSON's serializer, which escapes by the book.
void append_json_string(std::string& out, std::string_view s);

}  // namespace voxgate::telephony
