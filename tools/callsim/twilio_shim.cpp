// TEMPORARY: replace with telephony/twilio once merged. See twilio_shim.hpp.
#include "callsim/twilio_shim.hpp"

#include <boost/json.hpp>

namespace voxgate::callsim::shim {
namespace json = boost::json;

namespace {

// PROTOCOLS.md "Twilio Media Streams": counters and timestamps are strings.
std::string num(uint64_t v) {
  return std::to_string(v);
}

struct InboundEncoder {
  json::object operator()(const Connected& e) const {
    return {{"event", "connected"}, {"protocol", e.protocol}, {"version", e.version}};
  }
  json::object operator()(const Start& e) const {
    json::array tracks;
    for (const auto& t : e.tracks) tracks.emplace_back(t);
    json::object params;
    for (const auto& [k, v] : e.custom_parameters) params[k] = v;
    json::object format{{"encoding", e.media_format.encoding},
                        {"sampleRate", e.media_format.sample_rate},
                        {"channels", e.media_format.channels}};
    json::object start{{"streamSid", e.stream_sid},
                       {"accountSid", e.account_sid},
                       {"callSid", e.call_sid},
                       {"tracks", std::move(tracks)},
                       {"customParameters", std::move(params)},
                       {"mediaFormat", std::move(format)}};
    return {{"event", "start"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"start", std::move(start)}};
  }
  json::object operator()(const Media& e) const {
    json::object media{{"track", e.track},
                       {"chunk", num(e.chunk)},
                       {"timestamp", num(e.timestamp_ms)},
                       {"payload", e.payload_b64}};
    return {{"event", "media"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"media", std::move(media)}};
  }
  json::object operator()(const Dtmf& e) const {
    return {{"event", "dtmf"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"dtmf", json::object{{"track", e.track}, {"digit", e.digit}}}};
  }
  json::object operator()(const Mark& e) const {
    return {{"event", "mark"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"mark", json::object{{"name", e.name}}}};
  }
  json::object operator()(const Stop& e) const {
    return {{"event", "stop"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"stop", json::object{{"accountSid", e.account_sid}, {"callSid", e.call_sid}}}};
  }
};

const json::string* str_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

}  // namespace

std::string encode_inbound(const InboundEvent& ev) {
  return json::serialize(std::visit(InboundEncoder{}, ev));
}

common::Result<OutboundEvent, ParseError> parse_outbound(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return common::unexpected(ParseError::kNotJson);
  const json::object* o = v.if_object();
  if (!o) return common::unexpected(ParseError::kNotObject);
  const json::string* event = str_at(*o, "event");
  const json::string* sid = str_at(*o, "streamSid");
  if (!event || !sid) return common::unexpected(ParseError::kMissingField);
  std::string stream_sid(*sid);
  if (*event == "clear") return OutboundEvent{OutClear{stream_sid}};
  if (*event == "media") {
    const json::value* m = o->if_contains("media");
    const json::string* payload =
        m && m->is_object() ? str_at(m->get_object(), "payload") : nullptr;
    if (!payload) return common::unexpected(ParseError::kMissingField);
    return OutboundEvent{OutMedia{stream_sid, std::string(*payload)}};
  }
  if (*event == "mark") {
    const json::value* m = o->if_contains("mark");
    const json::string* name = m && m->is_object() ? str_at(m->get_object(), "name") : nullptr;
    if (!name) return common::unexpected(ParseError::kMissingField);
    return OutboundEvent{OutMark{stream_sid, std::string(*name)}};
  }
  return common::unexpected(ParseError::kUnknownEvent);
}

}  // namespace voxgate::callsim::shim
