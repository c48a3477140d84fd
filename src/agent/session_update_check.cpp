#include "agent/session_update_check.hpp"

#include <boost/json/parse.hpp>

namespace voxgate::agent {
namespace {

namespace json = boost::json;

std::optional<UpdateReject> format_reject(const json::value* format, const std::string& at,
                                          bool ga) {
  if (format == nullptr) return std::nullopt;
  const json::value* type = format;
  if (ga) type = format->is_object() ? format->get_object().if_contains("type") : nullptr;
  const std::string_view want = ga ? "audio/pcmu" : "g711_ulaw";
  if (type != nullptr && type->is_string() && type->get_string() == want) return std::nullopt;
  return UpdateReject{
      at, "the local agent speaks " + std::string(want) + " (8 kHz mu-law) only, both ways"};
}

const json::value* at_path(const json::object& o, std::initializer_list<std::string_view> path) {
  const json::object* cur = &o;
  const json::value* v = nullptr;
  for (std::string_view key : path) {
    if (cur == nullptr) return nullptr;
    v = cur->if_contains(key);
    if (v == nullptr) return nullptr;
    cur = v->is_object() ? &v->get_object() : nullptr;
  }
  return v;
}

}  // namespace

std::optional<UpdateReject> check_session_update(std::string_view event_json) {
  boost::system::error_code ec;
  json::value v = json::parse(event_json, ec);
  if (ec || !v.is_object()) return std::nullopt;  // the codec reports bad JSON
  const json::value* s = v.get_object().if_contains("session");
  if (s == nullptr || !s->is_object()) return std::nullopt;
  const json::object& session = s->get_object();
  if (auto r = format_reject(at_path(session, {"audio", "input", "format"}),
                             "session.audio.input.format.type", true))
    return r;
  if (auto r = format_reject(at_path(session, {"audio", "output", "format"}),
                             "session.audio.output.format.type", true))
    return r;
  if (auto r = format_reject(session.if_contains("input_audio_format"),
                             "session.input_audio_format", false))
    return r;
  if (auto r = format_reject(session.if_contains("output_audio_format"),
                             "session.output_audio_format", false))
    return r;
  for (const auto* td : {at_path(session, {"audio", "input", "turn_detection"}),
                         session.if_contains("turn_detection")}) {
    if (td != nullptr && td->is_null()) {
      return UpdateReject{"session.audio.input.turn_detection",
                          "the local agent always detects turns itself (server VAD)"};
    }
  }
  return std::nullopt;
}

}  // namespace voxgate::agent
