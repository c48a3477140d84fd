#include "cluster/live_call_json.hpp"

#include <boost/json.hpp>

namespace voxgate::cluster {
namespace json = boost::json;

std::string to_json(const LiveCallEntry& e) {
  json::object o;
  o["call_sid"] = e.call_sid;
  o["instance"] = e.instance;
  o["carrier"] = e.carrier;
  o["caller"] = e.caller;
  o["started_unix_ms"] = e.started_unix_ms;
  o["state"] = e.state;
  return json::serialize(o);
}

namespace {
std::string text_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
}  // namespace

std::optional<LiveCallEntry> live_call_from_json(const std::string& text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  LiveCallEntry e;
  e.call_sid = text_of(o, "call_sid");
  e.instance = text_of(o, "instance");
  if (e.call_sid.empty() || e.instance.empty()) return std::nullopt;
  e.carrier = text_of(o, "carrier");
  e.caller = text_of(o, "caller");
  e.state = text_of(o, "state");
  if (const auto* s = o.if_contains("started_unix_ms"); s && s->is_int64()) {
    e.started_unix_ms = s->get_int64();
  }
  return e;
}

}  // namespace voxgate::cluster
