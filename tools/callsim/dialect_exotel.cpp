// Exotel Voicebot / AgentStream (PROTOCOLS.md "Exotel Voicebot / AgentStream";
// Exotel's "WebSocket protocol" page). JSON text frames, numbers as strings,
// ids under `stream_sid`; audio base64 16-bit little-endian PCM at 8 kHz.
//
// Exotel streams the caller "every ~100 ms": the caller batches five 20 ms
// frames into one `media` (flushed early by DTMF and hang-up).
//
// Audio back from the server: Exotel asks for chunks of multiples of 320
// bytes between 3.2 KB and 100 KB ("non-compliant sizes create gaps in audio
// playback"); callsim counts any other chunk as a protocol error.

#include <boost/json.hpp>

#include "audio/base64.hpp"
#include "callsim/dialect.hpp"
#include "callsim/dialect_json.hpp"
#include "callsim/pcm_convert.hpp"

namespace voxgate::callsim {

namespace {
namespace json = boost::json;
using namespace dialect_json;

constexpr size_t kFramesPerMedia = 5;  // 100 ms
// Exotel's rule for audio sent back (PCM bytes).
constexpr size_t kChunkGranule = 320, kChunkMin = 3200, kChunkMax = 100 * 1000;

class ExotelDialect final : public Dialect {
 public:
  explicit ExotelDialect(const DialectConfig& c) : c_(c) {}

  void open(Frames& out) override {
    out.push_back(text({{"event", "connected"}}));
    json::object start{
        {"stream_sid", c_.ids.stream_sid},
        {"call_sid", c_.ids.call_sid},
        {"account_sid", c_.ids.account_sid},
        {"from", "+919800000001"},
        {"to", "+918000000002"},
        {"custom_parameters", parameters_object(c_)},
        {"media_format",
         {{"encoding", "audio/x-raw"}, {"sample_rate", "8000"}, {"bit_rate", "16"}}}};
    out.push_back(text(head("start", {{"start", std::move(start)}})));
  }

  void media(std::span<const uint8_t> ulaw, uint64_t ts_ms, Frames& out) override {
    if (held_frames_++ == 0) held_ts_ = ts_ms;
    ulaw_to_pcm16le(ulaw, 8000, held_pcm_);
    if (held_frames_ >= kFramesPerMedia) flush(out);
  }

  void dtmf(const std::string& digit, uint64_t, Frames& out) override {
    flush(out);
    out.push_back(text(head("dtmf", {{"dtmf", {{"digit", digit}, {"duration", "100"}}}})));
  }

  void played(const std::string& mark, Frames& out) override {
    out.push_back(text(head("mark", {{"mark", {{"name", mark}}}})));
  }

  void stop(Frames& out) override {
    flush(out);
    json::object stop{{"call_sid", c_.ids.call_sid},
                      {"account_sid", c_.ids.account_sid},
                      {"reason", "callended"}};
    out.push_back(text(head("stop", {{"stop", std::move(stop)}})));
  }

  ParseResult parse(std::string_view data, bool binary) override {
    if (binary) return parse_error("binary frame");
    auto o = parse_object(data);
    const json::string* event = o ? string_at(*o, "event") : nullptr;
    if (!event) return parse_error("not an Exotel message: " + std::string(data.substr(0, 120)));
    // Exotel's docs name it stream_sid; some bridges write streamSid (PROTOCOLS.md).
    if (auto e = check_stream_id(*o, {"stream_sid", "streamSid"}, c_.ids.stream_sid, false);
        !e.empty())
      return parse_error(e);
    if (*event == "media") {
      std::vector<uint8_t> pcm;
      if (auto e = media_payload(*o, pcm); !e.empty()) return parse_error(e);
      if (pcm.size() % kChunkGranule != 0 || pcm.size() < kChunkMin || pcm.size() > kChunkMax)
        return parse_error("media chunk of " + std::to_string(pcm.size()) +
                           " bytes: Exotel plays multiples of 320 bytes from 3.2 KB to 100 KB");
      ServerPlay play;
      if (!pcm16le_to_ulaw(pcm, 8000, play.ulaw))
        return parse_error("odd PCM16 payload: " + std::to_string(pcm.size()) + " bytes");
      return ServerEvent{std::move(play)};
    }
    if (*event == "mark") return mark_from(*o);
    if (*event == "clear") return ServerEvent{ServerClear{}};
    return parse_error("unexpected Exotel event: " + std::string(*event));
  }

 private:
  json::object head(const char* event, json::object body) {
    json::object o{{"event", event},
                   {"sequence_number", std::to_string(++seq_)},
                   {"stream_sid", c_.ids.stream_sid}};
    for (auto& [k, v] : body) o[k] = std::move(v);
    return o;
  }

  void flush(Frames& out) {
    if (held_frames_ == 0) return;
    json::object media{
        {"chunk", std::to_string(++chunk_)},
        {"timestamp", std::to_string(held_ts_)},
        {"payload", audio::base64_encode(std::span<const uint8_t>(
                        reinterpret_cast<const uint8_t*>(held_pcm_.data()), held_pcm_.size()))}};
    out.push_back(text(head("media", {{"media", std::move(media)}}), true));
    held_pcm_.clear();
    held_frames_ = 0;
  }

  const DialectConfig c_;
  uint64_t seq_ = 0, chunk_ = 0;
  std::string held_pcm_;
  size_t held_frames_ = 0;
  uint64_t held_ts_ = 0;
};

}  // namespace

std::unique_ptr<Dialect> make_exotel_dialect(const DialectConfig& config) {
  return std::make_unique<ExotelDialect>(config);
}

}  // namespace voxgate::callsim
