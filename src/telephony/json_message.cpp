#include "telephony/json_message.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <limits>

#include "audio/base64.hpp"

namespace voxgate::telephony {
namespace json = boost::json;

std::string_view to_string(ParseError e) {
  switch (e) {
    case ParseError::kInvalidJson:
      return "invalid_json";
    case ParseError::kNotObject:
      return "not_object";
    case ParseError::kMissingField:
      return "missing_field";
    case ParseError::kWrongType:
      return "wrong_type";
    case ParseError::kBadBase64:
      return "bad_base64";
    case ParseError::kUnknownEvent:
      return "unknown_event";
    case ParseError::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

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
  // Sample rates and channel counts are JSON numbers (unlike the counters),
  // so only a non-negative integer that fits an int is accepted.
  boost::system::error_code ec;
  const auto n = v->to_number<int64_t>(ec);
  if (ec || n < 0 || n > std::numeric_limits<int>::max()) return fail(ParseError::kWrongType);
  out = static_cast<int>(n);
}

void FieldReader::base64(std::string_view key, std::string& out, Need need) {
  str(key, out, need);
  if (!error_ && !audio::base64_valid(out)) fail(ParseError::kBadBase64);
}

void FieldReader::string_pairs(std::string_view key,
                               std::vector<std::pair<std::string, std::string>>& out, Need need) {
  const json::object* o = obj(key, need);
  if (o == nullptr) return;
  for (const auto& kv : *o) {
    if (!kv.value().is_string()) return fail(ParseError::kWrongType);
    const auto& v = kv.value().get_string();
    out.emplace_back(std::string(kv.key()), std::string(v.data(), v.size()));
  }
}

void FieldReader::member(std::string_view object, std::string_view key, std::string& out) {
  if (const json::object* o = obj(object, Need::kRequired)) {
    FieldReader r(*o);
    r.str(key, out, Need::kRequired);
    merge(r);
  }
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

namespace {

bool needs_escape(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == '"' || c == '\\') return true;
  }
  return false;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (needs_escape(s)) {
    out += json::serialize(json::string_view(s.data(), s.size()));
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

CallerMedia read_media(FieldReader& top) {
  CallerMedia media;
  if (const json::object* m = top.obj("media", Need::kRequired)) {
    FieldReader r(*m);
    r.u64("timestamp", media.timestamp_ms, Need::kOptional);
    r.base64("payload", media.payload_b64, Need::kRequired);
    top.merge(r);
  }
  return media;
}

}  // namespace voxgate::telephony
