#include "telephony/twilio/field_reader.hpp"

#include <boost/json/array.hpp>
#include <charconv>
#include <limits>

namespace voxgate::telephony::twilio {
namespace json = boost::json;

const json::value* FieldReader::find(std::string_view key, Need need) {
  if (error_) return nullptr;
  const json::value* v = object_.if_contains(key);
  if (v == nullptr && need == Need::kRequired) fail(ParseError::kMissingField);
  return v;
}

void FieldReader::str(std::string_view key, std::string& out, Need need) {
  const json::value* v = find(key, need);
  if (v == nullptr) return;
  if (!v->is_string()) return fail(ParseError::kWrongType);
  const json::string& s = v->get_string();
  out.assign(s.data(), s.size());
}

void FieldReader::u64(std::string_view key, uint64_t& out, Need need) {
  const json::value* v = find(key, need);
  if (v == nullptr) return;
  if (v->is_uint64()) {
    out = v->get_uint64();
  } else if (v->is_int64()) {
    if (v->get_int64() < 0) return fail(ParseError::kWrongType);
    out = static_cast<uint64_t>(v->get_int64());
  } else if (v->is_string()) {
    // from_chars alone would accept a leading digit run ("12ab"); require the
    // whole string to be digits, at least one, and no overflow.
    const json::string& s = v->get_string();
    const char* end = s.data() + s.size();
    uint64_t n = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), end, n);
    if (s.empty() || ec != std::errc() || ptr != end) return fail(ParseError::kWrongType);
    out = n;
  } else {
    fail(ParseError::kWrongType);
  }
}

void FieldReader::int32(std::string_view key, int& out, Need need) {
  const json::value* v = find(key, need);
  if (v == nullptr) return;
  // sampleRate and channels are JSON numbers in Twilio's messages (unlike the
  // counters), so only a non-negative integer that fits an int is accepted.
  boost::system::error_code ec;
  const auto n = v->to_number<int64_t>(ec);
  if (ec || n < 0 || n > std::numeric_limits<int>::max()) return fail(ParseError::kWrongType);
  out = static_cast<int>(n);
}

const json::object* FieldReader::obj(std::string_view key, Need need) {
  const json::value* v = find(key, need);
  if (v != nullptr && !v->is_object()) fail(ParseError::kWrongType);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

const json::array* FieldReader::arr(std::string_view key, Need need) {
  const json::value* v = find(key, need);
  if (v != nullptr && !v->is_array()) fail(ParseError::kWrongType);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

}  // namespace voxgate::telephony::twilio
