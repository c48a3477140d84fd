#pragma once
// Private to the realtime codec. FieldReader pulls typed members out of a
// Boost.JSON object without throwing; the first failure sticks, so a parser
// reads every field it wants and checks ok() once. One per parse call, on
// the caller's stack.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "realtime/codec.hpp"

namespace voxgate::realtime::detail {

namespace json = boost::json;

// Parses `text` into storage `sp` and checks it is an object with a string
// "type" (kTooLarge, kInvalidJson, kNotObject, kMissingType, kWrongType).
common::Result<json::value, ParseError> parse_event_json(std::string_view text,
                                                         json::storage_ptr sp);
// The "type" of a value parse_event_json accepted.
std::string_view event_type(const json::value& event);

class FieldReader {
 public:
  // Required members: absent -> kMissingField, wrong JSON type -> kWrongType.
  std::string str(const json::object& o, std::string_view key);
  int64_t int64(const json::object& o, std::string_view key);
  const json::object& object(const json::object& o, std::string_view key);

  // Optional members: absent or null -> the default; wrong type still fails.
  std::string opt_str(const json::object& o, std::string_view key);
  std::optional<std::string> maybe_str(const json::object& o, std::string_view key);
  int64_t opt_int64(const json::object& o, std::string_view key, int64_t def);
  int opt_int(const json::object& o, std::string_view key, int def);
  std::optional<int> maybe_int(const json::object& o, std::string_view key);
  double opt_double(const json::object& o, std::string_view key, double def);
  bool opt_bool(const json::object& o, std::string_view key, bool def);
  const json::object* opt_object(const json::object& o, std::string_view key);
  const json::array* opt_array(const json::object& o, std::string_view key);

  void fail(ParseError e) {
    if (!error_) error_ = e;
  }
  bool ok() const { return !error_.has_value(); }
  ParseError error() const { return *error_; }

 private:
  // Any JSON number that converts to T exactly; defined in the .cpp, used only there.
  template <typename T>
  T number(const json::object& o, std::string_view key, T def);
  // nullptr when absent or null.
  const json::value* find(const json::object& o, std::string_view key);
  // What object() returns on failure, so the caller can keep reading.
  static const json::object& empty_object();

  std::optional<ParseError> error_;
};

}  // namespace voxgate::realtime::detail
