// Writing half of the Twilio codec (codec.hpp).
//
// The three outbound serializers run once per 20 ms frame per call, so they
// append into one reserved string instead of building a json::value: the
// fixed parts are literals and each string field goes through
// append_json_string() (json_message.hpp). Measured in
// bench/micro/twilio_bench.cpp.
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>

#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {
namespace json = boost::json;
namespace {

json::string u64_string(uint64_t n) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  return json::string(json::string_view(buf, static_cast<size_t>(r.ptr - buf)));
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
    json::object fmt{{"encoding", e.media_format.encoding},
                     {"sampleRate", e.media_format.sample_rate},
                     {"channels", e.media_format.channels}};
    json::object start{{"accountSid", e.account_sid},   {"streamSid", e.stream_sid},
                       {"callSid", e.call_sid},         {"tracks", std::move(tracks)},
                       {"mediaFormat", std::move(fmt)}, {"customParameters", std::move(params)}};
    return {{"event", "start"},
            {"sequenceNumber", u64_string(e.sequence)},
            {"start", std::move(start)},
            {"streamSid", e.stream_sid}};
  }
  json::object operator()(const Media& e) const {
    json::object media{{"track", e.track},
                       {"chunk", u64_string(e.chunk)},
                       {"timestamp", u64_string(e.timestamp_ms)},
                       {"payload", e.payload_b64}};
    return {{"event", "media"},
            {"sequenceNumber", u64_string(e.sequence)},
            {"media", std::move(media)},
            {"streamSid", e.stream_sid}};
  }
  json::object operator()(const Dtmf& e) const {
    return {{"event", "dtmf"},
            {"streamSid", e.stream_sid},
            {"sequenceNumber", u64_string(e.sequence)},
            {"dtmf", json::object{{"track", e.track}, {"digit", e.digit}}}};
  }
  json::object operator()(const Mark& e) const {
    return {{"event", "mark"},
            {"sequenceNumber", u64_string(e.sequence)},
            {"streamSid", e.stream_sid},
            {"mark", json::object{{"name", e.name}}}};
  }
  json::object operator()(const Stop& e) const {
    return {{"event", "stop"},
            {"sequenceNumber", u64_string(e.sequence)},
            {"stop", json::object{{"accountSid", e.account_sid}, {"callSid", e.call_sid}}},
            {"streamSid", e.stream_sid}};
  }
};

// {"event":E,"streamSid":S,"OBJ":{"KEY":V}}: the shape of media and mark.
std::string sid_and_member(std::string_view event, std::string_view stream_sid,
                           std::string_view obj, std::string_view key, std::string_view value) {
  std::string out;
  out.reserve(48 + event.size() + stream_sid.size() + obj.size() + key.size() + value.size());
  out += R"({"event":")";
  out += event;
  out += R"(","streamSid":)";
  append_json_string(out, stream_sid);
  out += R"(,")";
  out += obj;
  out += R"(":{")";
  out += key;
  out += R"(":)";
  append_json_string(out, value);
  out += "}}";
  return out;
}

}  // namespace

std::string media_message(std::string_view stream_sid, std::string_view payload_b64) {
  return sid_and_member("media", stream_sid, "media", "payload", payload_b64);
}

std::string mark_message(std::string_view stream_sid, std::string_view name) {
  return sid_and_member("mark", stream_sid, "mark", "name", name);
}

std::string clear_message(std::string_view stream_sid) {
  std::string out;
  out.reserve(48 + stream_sid.size());
  out += R"({"event":"clear","streamSid":)";
  append_json_string(out, stream_sid);
  out += '}';
  return out;
}

std::string encode_inbound(const InboundEvent& event) {
  return json::serialize(std::visit(InboundEncoder{}, event));
}

}  // namespace voxgate::telephony::twilio
