#pragma once
// FieldReader: typed access to the members of one JSON object for the Twilio
// codec, keeping the first error instead of throwing (STYLE.md "Errors").
// Internal to telephony/twilio. A short-lived stack object; no thread affinity.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {

enum class Need { kRequired, kOptional };

class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object) : object_(object) {}

  // Each reader leaves `out` untouched when the field is absent and optional,
  // and does nothing once an error has been recorded.
  void str(std::string_view key, std::string& out, Need need);
  // Digit string or non-negative JSON integer (PROTOCOLS.md: counters arrive
  // as strings).
  void u64(std::string_view key, uint64_t& out, Need need);
  // A JSON number with an integral value in [0, INT_MAX].
  void int32(std::string_view key, int& out, Need need);
  // nullptr when absent (optional) or on error.
  const boost::json::object* obj(std::string_view key, Need need);
  const boost::json::array* arr(std::string_view key, Need need);

  void fail(ParseError e) {
    if (!error_) error_ = e;
  }
  const std::optional<ParseError>& error() const { return error_; }

 private:
  // nullptr when absent or after an error; records kMissingField if required.
  const boost::json::value* find(std::string_view key, Need need);

  const boost::json::object& object_;
  std::optional<ParseError> error_;
};

}  // namespace voxgate::telephony::twilio
