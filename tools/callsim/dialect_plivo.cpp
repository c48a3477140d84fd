// Plivo Audio Streams (PROTOCOLS.md "Plivo Audio Streams"; Plivo's "Audio
// Streaming" message reference). JSON text frames; sequenceNumber and chunk
// as numbers and media.timestamp as a string of Unix ms, as in Plivo's
// examples; the caller's audio is audio/x-mulaw 8 kHz.
//
// Custom parameters (the stream token among them) travel as Plivo's
// extraHeaders do: the start's "extra_headers", "k=v;k=v".
//
// Hang-up: Plivo's own message list has no `stop` (a stream's end reaches the
// statusCallbackUrl, and the WebSocket closes); PROTOCOLS.md lists a `stop`
// in. Following Plivo's docs, the caller just closes the WebSocket.

#include <boost/json.hpp>

#include "audio/base64.hpp"
#include "callsim/dialect.hpp"
#include "callsim/dialect_json.hpp"
#include "callsim/pcm_convert.hpp"

namespace voxgate::callsim {

namespace {
namespace json = boost::json;
using namespace dialect_json;

std::string extra_headers(const DialectConfig& c) {
  std::string s;
  for (const auto& [k, v] : c.custom_parameters) s += (s.empty() ? "" : ";") + k + "=" + v;
  return s;
}

class PlivoDialect final : public Dialect {
 public:
  explicit PlivoDialect(const DialectConfig& c) : c_(c) {}

  void open(Frames& out) override {
    json::object start{{"callId", c_.ids.call_sid},
                       {"streamId", c_.ids.stream_sid},
                       {"accountId", c_.ids.account_sid},
                       {"tracks", json::array{"inbound"}},
                       {"mediaFormat", {{"encoding", "audio/x-mulaw"}, {"sampleRate", 8000}}}};
    out.push_back(text({{"event", "start"},
                        {"sequenceNumber", ++seq_},
                        {"start", std::move(start)},
                        {"extra_headers", extra_headers(c_)}}));
  }

  void media(std::span<const uint8_t> ulaw, uint64_t ts_ms, Frames& out) override {
    json::object media{{"track", "inbound"},
                       {"timestamp", std::to_string(c_.epoch_ms + int64_t(ts_ms))},
                       {"chunk", ++chunk_},
                       {"payload", audio::base64_encode(ulaw)}};
    out.push_back(text(head("media", {{"media", std::move(media)}}), true));
  }

  void dtmf(const std::string& digit, uint64_t ts_ms, Frames& out) override {
    json::object dtmf{{"track", "inbound"},
                      {"digit", digit},
                      {"timestamp", std::to_string(c_.epoch_ms + int64_t(ts_ms))}};
    out.push_back(text(head("dtmf", {{"dtmf", std::move(dtmf)}})));
  }

  void played(const std::string& mark, Frames& out) override {
    out.push_back(text(head("playedStream", {{"name", mark}})));
  }

  void cleared(Frames& out) override { out.push_back(text(head("clearedAudio", {}))); }

  void stop(Frames&) override {}  // see the file comment: the close is the hang-up

  ParseResult parse(std::string_view data, bool binary) override {
    if (binary) return parse_error("binary frame");
    auto o = parse_object(data);
    const json::string* event = o ? string_at(*o, "event") : nullptr;
    if (!event) return parse_error("not a Plivo message: " + std::string(data.substr(0, 120)));
    if (*event == "playAudio") return play_audio(*o);  // carries no streamId
    if (auto e = check_stream_id(*o, {"streamId"}, c_.ids.stream_sid, false); !e.empty())
      return parse_error(e);
    if (*event == "checkpoint") {
      const json::string* name = string_at(*o, "name");
      if (!name) return parse_error("checkpoint without name");
      return mark_event(*name);
    }
    if (*event == "clearAudio") return ServerEvent{ServerClear{}};
    return parse_error("unexpected Plivo event: " + std::string(*event));
  }

 private:
  json::object head(const char* event, json::object body) {
    json::object o{{"event", event}, {"sequenceNumber", ++seq_}, {"streamId", c_.ids.stream_sid}};
    for (auto& [k, v] : body) o[k] = std::move(v);
    return o;
  }

  // playAudio's media says its own format: contentType audio/x-mulaw (8 kHz)
  // or audio/x-l16 (8 or 16 kHz; taken as little-endian, Plivo's docs do
  // not say) and sampleRate, both required by Plivo's reference.
  ParseResult play_audio(const json::object& o) {
    std::vector<uint8_t> raw;
    if (auto e = media_payload(o, raw); !e.empty()) return parse_error(e);
    const json::object& media = *object_at(o, "media");
    const json::string* type = string_at(media, "contentType");
    const json::value* rate_v = media.if_contains("sampleRate");
    const int64_t* rate = rate_v ? rate_v->if_int64() : nullptr;
    if (!type || !rate) return parse_error("playAudio without contentType/sampleRate");
    ServerPlay play;
    if (*type == "audio/x-mulaw" && *rate == 8000) {
      play.ulaw = std::move(raw);
    } else if (*type != "audio/x-l16" || (*rate != 8000 && *rate != 16000) ||
               !pcm16le_to_ulaw(raw, int(*rate), play.ulaw)) {
      return parse_error("bad playAudio format: " + std::string(*type) + " " +
                         std::to_string(*rate) + ", " + std::to_string(raw.size()) + " bytes");
    }
    return ServerEvent{std::move(play)};
  }

  const DialectConfig c_;
  uint64_t seq_ = 0, chunk_ = 0;
};

}  // namespace

std::unique_ptr<Dialect> make_plivo_dialect(const DialectConfig& config) {
  return std::make_unique<PlivoDialect>(config);
}

}  // namespace voxgate::callsim
