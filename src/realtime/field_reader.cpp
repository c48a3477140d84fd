#include "realtime/field_reader.hpp"

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>

namespace voxgate::realtime::detail {

common::Result<json::value, ParseError> parse_event_json(std::string_view text,
                                                         json::storage_ptr sp) {
  if (text.size() > kMaxEventBytes) return common::unexpected(ParseError::kTooLarge);
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec, std::move(sp));
  if (ec) return common::unexpected(ParseError::kInvalidJson);
  if (!v.is_object()) return common::unexpected(ParseError::kNotObject);
  const json::value* type = v.get_object().if_contains("type");
  if (type == nullptr) return common::unexpected(ParseError::kMissingType);
  if (!type->is_string()) return common::unexpected(ParseError::kWrongType);
  return v;
}

std::string_view event_type(const json::value& event) {
  const json::string& s = event.get_object().at("type").get_string();
  return {s.data(), s.size()};
}

const json::value* FieldReader::find(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

const json::object& FieldReader::empty_object() {
  static const json::object kEmpty;
  return kEmpty;
}

std::string FieldReader::str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr) {
    fail(ParseError::kMissingField);
    return {};
  }
  return opt_str(o, key);
}

std::string FieldReader::opt_str(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    fail(ParseError::kWrongType);
    return {};
  }
  // The one copy of the payload out of the parse arena (the audio delta hot path).
  return std::string(v->get_string().data(), v->get_string().size());
}

std::optional<std::string> FieldReader::maybe_str(const json::object& o, std::string_view key) {
  if (find(o, key) == nullptr) return std::nullopt;
  return opt_str(o, key);
}

int64_t FieldReader::int64(const json::object& o, std::string_view key) {
  if (find(o, key) == nullptr) {
    fail(ParseError::kMissingField);
    return 0;
  }
  return opt_int64(o, key, 0);
}

int64_t FieldReader::opt_int64(const json::object& o, std::string_view key, int64_t def) {
  return number(o, key, def);
}

int FieldReader::opt_int(const json::object& o, std::string_view key, int def) {
  int64_t n = opt_int64(o, key, def);
  if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
    fail(ParseError::kWrongType);
    return def;
  }
  return static_cast<int>(n);
}

std::optional<int> FieldReader::maybe_int(const json::object& o, std::string_view key) {
  if (find(o, key) == nullptr) return std::nullopt;
  return opt_int(o, key, 0);
}

// JSON has no infinities: a number too large for a double (Boost.JSON reads
// 1e999 as inf) is refused, so that whatever parses re-encodes as JSON.
double FieldReader::opt_double(const json::object& o, std::string_view key, double def) {
  const double d = number(o, key, def);
  if (std::isfinite(d)) return d;
  fail(ParseError::kWrongType);
  return def;
}

template <typename T>
T FieldReader::number(const json::object& o, std::string_view key, T def) {
  const json::value* v = find(o, key);
  if (v == nullptr) return def;
  boost::system::error_code ec;
  // to_number accepts a double only when it is an exact integer for integral T.
  T n = v->to_number<T>(ec);
  if (ec) {
    fail(ParseError::kWrongType);
    return def;
  }
  return n;
}

bool FieldReader::opt_bool(const json::object& o, std::string_view key, bool def) {
  const json::value* v = find(o, key);
  if (v == nullptr) return def;
  if (!v->is_bool()) {
    fail(ParseError::kWrongType);
    return def;
  }
  return v->get_bool();
}

const json::object& FieldReader::object(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  if (v == nullptr) {
    fail(ParseError::kMissingField);
    return empty_object();
  }
  if (!v->is_object()) {
    fail(ParseError::kWrongType);
    return empty_object();
  }
  return v->get_object();
}

const json::object* FieldReader::opt_object(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    fail(ParseError::kWrongType);
    return nullptr;
  }
  return &v->get_object();
}

const json::array* FieldReader::opt_array(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    fail(ParseError::kWrongType);
    return nullptr;
  }
  return &v->get_array();
}

}  // namespace voxgate::realtime::detail
