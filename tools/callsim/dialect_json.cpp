#include "callsim/dialect_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "audio/base64.hpp"

namespace voxgate::callsim::dialect_json {
namespace json = boost::json;

std::optional<json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

const json::string* string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

const json::object* object_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

std::string check_stream_id(const json::object& o, std::initializer_list<const char*> keys,
                            const std::string& expected, bool optional) {
  for (const char* key : keys) {
    if (!o.contains(key)) continue;
    const json::string* id = string_at(o, key);
    if (id && *id == expected) return {};
    return "wrong " + std::string(key) + ": " +
           (id ? std::string(*id) : json::serialize(o.at(key)));
  }
  return optional ? std::string{} : "no " + std::string(*keys.begin());
}

std::string media_payload(const json::object& o, std::vector<uint8_t>& out) {
  const json::object* media = object_at(o, "media");
  const json::string* payload = media ? string_at(*media, "payload") : nullptr;
  if (!payload) return "media without media.payload";
  if (!audio::base64_decode(*payload, out)) return "bad base64 payload";
  return {};
}

json::object parameters_object(const DialectConfig& config) {
  json::object params;
  for (const auto& [k, v] : config.custom_parameters) params[k] = v;
  return params;
}

ParseResult mark_event(std::string_view name) {
  return ServerEvent{ServerMark{std::string(name)}};
}

ParseResult parse_error(std::string what) {
  return common::unexpected(std::move(what));
}

ParseResult mark_from(const boost::json::object& o) {
  const boost::json::object* mark = object_at(o, "mark");
  const boost::json::string* name = mark ? string_at(*mark, "name") : nullptr;
  if (!name) return parse_error("mark without mark.name");
  return mark_event(*name);
}

std::string serialize(const json::object& o) {
  return json::serialize(o);
}

WireFrame text(const json::object& o, bool is_media) {
  return WireFrame{json::serialize(o), false, is_media};
}

}  // namespace voxgate::callsim::dialect_json
