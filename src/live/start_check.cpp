#include "live/start_check.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace voxgate::live {
namespace {

namespace json = boost::json;

using Keys = std::initializer_list<std::string_view>;

StartReject unknown(const std::string& param) {
  return {"unknown_parameter", "Unknown parameter: '" + param + "'.", param};
}
StartReject missing(const std::string& param) {
  return {"missing_required_parameter", "Missing required parameter: '" + param + "'.", param};
}
StartReject wrong_type(const std::string& param, std::string_view want) {
  return {"invalid_type", "Invalid type for '" + param + "': expected " + std::string(want) + ".",
          param};
}
StartReject bad_value(const std::string& param, const std::string& why) {
  return {"invalid_value", "Invalid value for '" + param + "': " + why, param};
}

// The first key of `o` not in `allowed`, as a param path.
std::optional<StartReject> only(const json::object& o, Keys allowed, const std::string& at) {
  for (const auto& kv : o) {
    if (std::find(allowed.begin(), allowed.end(), kv.key()) == allowed.end())
      return unknown(at + "." + std::string(kv.key()));
  }
  return std::nullopt;
}

// An optional member of JSON kind `want`; a wrong kind is a reject.
template <class Pred>
std::optional<StartReject> kind(const json::object& o, std::string_view key, const std::string& at,
                                Pred is, std::string_view want) {
  const auto* v = o.if_contains(key);
  if (v && !is(*v)) return wrong_type(at + "." + std::string(key), want);
  return std::nullopt;
}
const auto is_str = [](const json::value& v) { return v.is_string(); };
const auto is_obj = [](const json::value& v) { return v.is_object(); };

// PROTOCOLS-LIVE 4: one format both ways; the rate given explicitly.
std::optional<StartReject> check_format(const json::object& f, LiveStart& out) {
  const std::string at = "session.audio.format";
  if (auto r = only(f, {"type", "rate"}, at)) return r;
  const auto* type = f.if_contains("type");
  const auto* rate = f.if_contains("rate");
  if (!type) return missing(at + ".type");
  if (!type->is_string()) return wrong_type(at + ".type", "a string");
  if (!rate) return missing(at + ".rate");
  if (!rate->is_int64()) return wrong_type(at + ".rate", "an integer");
  out.format = std::string(type->get_string());
  out.rate = rate->get_int64();
  if (out.format == "audio/pcm") {
    if (out.rate != 16000 && out.rate != 24000)
      return bad_value(at + ".rate", "audio/pcm takes 16000 or 24000.");
  } else if (out.format == "audio/pcmu" || out.format == "audio/pcma") {
    if (out.rate != 8000) return bad_value(at + ".rate", out.format + " takes 8000.");
  } else {
    return bad_value(at + ".type", "expected audio/pcm, audio/pcmu or audio/pcma.");
  }
  return std::nullopt;
}

std::optional<StartReject> check_audio(const json::object& a, LiveStart& out) {
  const std::string at = "session.audio";
  if (auto r = only(a, {"format", "output"}, at)) return r;
  if (auto r = kind(a, "format", at, is_obj, "an object")) return r;
  if (auto r = kind(a, "output", at, is_obj, "an object")) return r;
  if (const auto* f = a.if_contains("format")) {
    if (auto r = check_format(f->get_object(), out)) return r;
  }
  if (const auto* o = a.if_contains("output")) {
    if (auto r = only(o->get_object(), {"voice"}, at + ".output")) return r;
    if (const auto* v = o->get_object().if_contains("voice"); v && v->is_string())
      out.voice = std::string(v->get_string());
  }
  return std::nullopt;
}

// PROTOCOLS-LIVE 7: text messages only, one part each, no system role.
std::optional<StartReject> check_input(const json::array& input, LiveStart& out) {
  if (input.size() > 128) return bad_value("session.input", "at most 128 messages.");
  for (size_t i = 0; i < input.size(); ++i) {
    const std::string at = "session.input[" + std::to_string(i) + "]";
    if (!input[i].is_object()) return wrong_type(at, "an object");
    const auto& m = input[i].get_object();
    if (auto r = only(m, {"type", "role", "content", "id", "status"}, at)) return r;
    const auto* role = m.if_contains("role");
    if (!role || !role->is_string()) return missing(at + ".role");
    const std::string_view rv = role->get_string();
    if (rv != "developer" && rv != "user" && rv != "assistant")
      return bad_value(at + ".role", "expected developer, user or assistant.");
    const auto* content = m.if_contains("content");
    if (!content || !content->is_array() || content->get_array().size() != 1)
      return bad_value(at + ".content", "exactly one text part.");
    const auto& part = content->get_array()[0];
    if (!part.is_object()) return wrong_type(at + ".content[0]", "an object");
    if (auto r = only(part.get_object(), {"type", "text"}, at + ".content[0]")) return r;
    const auto* text = part.get_object().if_contains("text");
    if (!text || !text->is_string()) return missing(at + ".content[0].text");
  }
  out.input_messages = input.size();
  return std::nullopt;
}

std::optional<StartReject> check_delegation(const json::object& d, LiveStart& out) {
  const std::string at = "session.delegation";
  if (auto r = only(d, {"type", "responses"}, at)) return r;
  const auto* type = d.if_contains("type");
  if (!type || !type->is_string()) return missing(at + ".type");
  if (type->get_string() == "client") {
    if (d.contains("responses")) return unknown(at + ".responses");
    return std::nullopt;
  }
  if (type->get_string() != "responses")
    return bad_value(at + ".type", "expected client or responses.");
  const auto* r = d.if_contains("responses");
  if (!r) return missing(at + ".responses");
  if (!r->is_object()) return wrong_type(at + ".responses", "an object");
  const auto& ro = r->get_object();
  if (auto e = only(ro,
                    {"model", "instructions", "tools", "tool_choice", "parallel_tool_calls",
                     "reasoning", "text", "service_tier", "max_output_tokens"},
                    at + ".responses"))
    return e;
  if (!ro.contains("model")) return missing(at + ".responses.model");
  if (const auto* tools = ro.if_contains("tools")) {
    if (!tools->is_array()) return wrong_type(at + ".responses.tools", "an array");
    for (size_t i = 0; i < tools->get_array().size(); ++i) {
      const auto& t = tools->get_array()[i];
      const std::string ta = at + ".responses.tools[" + std::to_string(i) + "]";
      if (!t.is_object()) return wrong_type(ta, "an object");
      const auto* tt = t.get_object().if_contains("type");
      if (tt && tt->is_string() && tt->get_string() == "function") {
        if (auto e =
                only(t.get_object(), {"type", "name", "description", "parameters", "strict"}, ta))
          return e;
      }
    }
  }
  out.responses = true;
  return std::nullopt;
}

std::optional<StartReject> check_session(const json::object& s, LiveStart& out) {
  if (auto r =
          only(s, {"model", "instructions", "input", "audio", "delegation", "store"}, "session"))
    return r;
  const auto* model = s.if_contains("model");
  if (!model) return missing("session.model");
  if (!model->is_string()) return wrong_type("session.model", "a string");
  out.model = std::string(model->get_string());
  if (auto r = kind(s, "instructions", "session", is_str, "a string")) return r;
  if (auto r = kind(s, "audio", "session", is_obj, "an object")) return r;
  if (auto r = kind(
          s, "store", "session", [](const json::value& v) { return v.is_bool(); }, "a boolean"))
    return r;
  if (const auto* a = s.if_contains("audio")) {
    if (auto r = check_audio(a->get_object(), out)) return r;
  }
  if (const auto* in = s.if_contains("input")) {
    if (!in->is_array()) return wrong_type("session.input", "an array");
    if (auto r = check_input(in->get_array(), out)) return r;
  }
  if (const auto* d = s.if_contains("delegation"); d && !d->is_null()) {
    if (!d->is_object()) return wrong_type("session.delegation", "an object");
    if (auto r = check_delegation(d->get_object(), out)) return r;
  }
  if (const auto* st = s.if_contains("store")) out.store = st->get_bool();
  return std::nullopt;
}

}  // namespace

common::Result<LiveStart, StartReject> check_session_start(const json::object& event) {
  if (auto r = only(event, {"type", "event_id", "session"}, "")) {
    r->param.erase(0, 1);  // top-level keys have no leading dot
    r->message = "Unknown parameter: '" + r->param + "'.";
    return common::unexpected(*r);
  }
  const auto* s = event.if_contains("session");
  if (!s) return common::unexpected(missing("session"));
  if (!s->is_object()) return common::unexpected(wrong_type("session", "an object"));
  LiveStart out;
  if (auto r = check_session(s->get_object(), out)) return common::unexpected(*r);
  return out;
}

json::object started_session(const LiveStart& start, const std::string& id) {
  json::object format{{"type", start.format}, {"rate", start.rate}};
  json::object audio{{"format", std::move(format)},
                     {"output", json::object{{"voice", start.voice}}}};
  return {{"id", id},
          {"expires_at", 0},
          {"model", start.model},
          {"status", "active"},
          {"audio", std::move(audio)},
          {"delegation", json::object{{"type", start.responses ? "responses" : "client"}}},
          {"input", json::array{}},
          {"instructions", ""},
          {"store", start.store}};
}

}  // namespace voxgate::live
