// Vonage Voice API WebSocket (PROTOCOLS.md "Vonage Voice API WebSocket";
// Vonage's "WebSockets in the Vonage Voice API" guide). The first frame is
// text, `websocket:connected` with the content-type and the NCCO endpoint's
// custom headers as top-level fields (the custom parameters, stream token
// among them, travel there); after it, audio both ways is binary 16-bit
// little-endian mono PCM, 20 ms per frame, at the content-type's rate.
//
// From the server, as text: {"action":"notify","payload":{...}} (the mark:
// echoed as `websocket:notify` with the same payload once the audio before it
// has played) and {"action":"clear"} (answered by `websocket:cleared`).
// Vonage has no stop message: the caller hangs up by closing the WebSocket.

#include <boost/json.hpp>

#include "callsim/dialect.hpp"
#include "callsim/dialect_json.hpp"
#include "callsim/pcm_convert.hpp"

namespace voxgate::callsim {

namespace {
namespace json = boost::json;
using namespace dialect_json;

class VonageDialect final : public Dialect {
 public:
  explicit VonageDialect(const DialectConfig& c)
      : c_(c), rate_(c.sample_rate == 16000 ? 16000 : 8000) {}

  void open(Frames& out) override {
    json::object o = parameters_object(c_);
    // The answer NCCO names the call in the endpoint's headers (the answer
    // webhook is given its uuid); Vonage copies them into this frame.
    o["uuid"] = c_.ids.call_sid;
    o["event"] = "websocket:connected";
    o["content-type"] = "audio/l16;rate=" + std::to_string(rate_);
    out.push_back(text(o));
  }

  void media(std::span<const uint8_t> ulaw, uint64_t, Frames& out) override {
    WireFrame f{{}, true, true};
    ulaw_to_pcm16le(ulaw, rate_, f.data);
    out.push_back(std::move(f));
  }

  void dtmf(const std::string& digit, uint64_t, Frames& out) override {
    out.push_back(text({{"event", "websocket:dtmf"}, {"digit", digit}, {"duration", 100}}));
  }

  void played(const std::string& mark, Frames& out) override {
    // `mark` is the payload the server sent, serialized by parse().
    auto payload = parse_object(mark);
    out.push_back(text({{"event", "websocket:notify"},
                        {"payload", payload ? std::move(*payload) : json::object{}}}));
  }

  void cleared(Frames& out) override { out.push_back(text({{"event", "websocket:cleared"}})); }

  void stop(Frames&) override {}  // the close is the hang-up

  ParseResult parse(std::string_view data, bool binary) override {
    if (binary) {
      ServerPlay play;
      const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
      if (!pcm16le_to_ulaw({bytes, data.size()}, rate_, play.ulaw))
        return parse_error("partial PCM16 frame: " + std::to_string(data.size()) + " bytes");
      return ServerEvent{std::move(play)};
    }
    auto o = parse_object(data);
    const json::string* action = o ? string_at(*o, "action") : nullptr;
    if (!action) return parse_error("not a Vonage action: " + std::string(data.substr(0, 120)));
    if (*action == "clear") return ServerEvent{ServerClear{}};
    if (*action == "notify") {
      const json::object* payload = object_at(*o, "payload");
      if (!payload) return parse_error("notify without payload object");
      return mark_event(dialect_json::serialize(*payload));
    }
    return parse_error("unexpected Vonage action: " + std::string(*action));
  }

 private:
  const DialectConfig c_;
  const int rate_;
};

}  // namespace

std::unique_ptr<Dialect> make_vonage_dialect(const DialectConfig& config) {
  return std::make_unique<VonageDialect>(config);
}

}  // namespace voxgate::callsim
