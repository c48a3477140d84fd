// Telnyx Media Streaming (PROTOCOLS.md "Telnyx Media Streaming"; Telnyx's
// "Stream call media over WebSocket" reference). JSON text frames; counters
// and timestamps as strings, as in Telnyx's examples; audio PCMU 8 kHz (the
// bidirectional RTP codec voxgate asks for).
//
// Telnyx does not guarantee media order ("use media.chunk, media.timestamp and
// sequence_number to order frames"): with reorder_window > 1 the caller holds
// that many frames back and sends them shuffled, numbered in their true order.

#include <algorithm>
#include <boost/json.hpp>
#include <random>

#include "audio/base64.hpp"
#include "callsim/dialect.hpp"
#include "callsim/dialect_json.hpp"

namespace voxgate::callsim {

namespace {
namespace json = boost::json;
using namespace dialect_json;

class TelnyxDialect final : public Dialect {
 public:
  explicit TelnyxDialect(const DialectConfig& c) : c_(c), rng_(c.seed) {}

  void open(Frames& out) override {
    out.push_back(text({{"event", "connected"}, {"version", "1.0.0"}}));
    json::object start{
        {"user_id", c_.ids.account_sid},
        {"call_control_id", c_.ids.call_sid},
        {"from", "+15550000001"},
        {"to", "+15550000002"},
        {"media_format", {{"encoding", "PCMU"}, {"sample_rate", 8000}, {"channels", 1}}},
        {"custom_parameters", parameters_object(c_)}};
    out.push_back(text(head("start", {{"start", std::move(start)}})));
  }

  void media(std::span<const uint8_t> ulaw, uint64_t ts_ms, Frames& out) override {
    json::object media{{"track", "inbound"},
                       {"chunk", std::to_string(++chunk_)},
                       {"timestamp", std::to_string(ts_ms)},
                       {"payload", audio::base64_encode(ulaw)}};
    held_.push_back(text(head("media", {{"media", std::move(media)}}), true));
    if (c_.reorder_window <= 1 || held_.size() >= size_t(c_.reorder_window)) flush(out);
  }

  void dtmf(const std::string& digit, uint64_t, Frames& out) override {
    flush(out);
    out.push_back(text(head("dtmf", {{"dtmf", {{"digit", digit}}}})));
  }

  void played(const std::string& mark, Frames& out) override {
    out.push_back(text(head("mark", {{"mark", {{"name", mark}}}})));
  }

  void stop(Frames& out) override {
    flush(out);
    json::object stop{{"user_id", c_.ids.account_sid}, {"call_control_id", c_.ids.call_sid}};
    out.push_back(text(head("stop", {{"stop", std::move(stop)}})));
  }

  ParseResult parse(std::string_view data, bool binary) override {
    if (binary) return parse_error("binary frame");
    auto o = parse_object(data);
    const json::string* event = o ? string_at(*o, "event") : nullptr;
    if (!event) return parse_error("not a Telnyx message: " + std::string(data.substr(0, 120)));
    // Telnyx's outbound examples carry no stream_id: check it only when present.
    if (auto e = check_stream_id(*o, {"stream_id"}, c_.ids.stream_sid, true); !e.empty())
      return parse_error(e);
    if (*event == "media") {
      ServerPlay play;
      if (auto e = media_payload(*o, play.ulaw); !e.empty()) return parse_error(e);
      return ServerEvent{std::move(play)};
    }
    if (*event == "mark") return mark_from(*o);
    if (*event == "clear") return ServerEvent{ServerClear{}};
    return parse_error("unexpected Telnyx event: " + std::string(*event));
  }

 private:
  // event, sequence_number and stream_id, then the body.
  json::object head(const char* event, json::object body) {
    json::object o{{"event", event},
                   {"sequence_number", std::to_string(++seq_)},
                   {"stream_id", c_.ids.stream_sid}};
    for (auto& [k, v] : body) o[k] = std::move(v);
    return o;
  }

  void flush(Frames& out) {
    std::shuffle(held_.begin(), held_.end(), rng_);
    for (WireFrame& f : held_) out.push_back(std::move(f));
    held_.clear();
  }

  const DialectConfig c_;
  std::mt19937 rng_;
  uint64_t seq_ = 0, chunk_ = 0;
  Frames held_;
};

}  // namespace

std::unique_ptr<Dialect> make_telnyx_dialect(const DialectConfig& config) {
  return std::make_unique<TelnyxDialect>(config);
}

}  // namespace voxgate::callsim
