// Twilio Media Streams, and SignalWire, which speaks the same protocol
// (PROTOCOLS.md "Twilio Media Streams", "SignalWire"): voxgate's own Twilio
// codec frames and parses it, as callsim always has.

#include "callsim/dialect.hpp"
#include "callsim/wire.hpp"

namespace voxgate::callsim {

namespace {

class TwilioDialect final : public Dialect {
 public:
  explicit TwilioDialect(const DialectConfig& c) : c_(c) {}

  void open(Frames& out) override {
    // connected, then start, then media.
    put(twilio::Connected{"Call", "1.0.0"}, out);
    twilio::Start start;
    start.sequence = ++seq_;
    start.stream_sid = c_.ids.stream_sid;
    start.account_sid = c_.ids.account_sid;
    start.call_sid = c_.ids.call_sid;
    start.tracks = {"inbound"};
    start.custom_parameters = c_.custom_parameters;
    start.media_format = twilio::MediaFormat{"audio/x-mulaw", 8000, 1};
    put(start, out);
  }

  void media(std::span<const uint8_t> ulaw, uint64_t ts_ms, Frames& out) override {
    twilio::Media m;
    m.sequence = ++seq_;
    m.stream_sid = c_.ids.stream_sid;
    m.track = "inbound";
    m.chunk = ++chunk_;
    m.timestamp_ms = ts_ms;
    audio::base64_encode(ulaw, m.payload_b64);
    put(m, out, true);
  }

  void dtmf(const std::string& digit, uint64_t, Frames& out) override {
    put(twilio::Dtmf{++seq_, c_.ids.stream_sid, "inbound_track", digit}, out);
  }

  void played(const std::string& mark, Frames& out) override {
    put(twilio::Mark{++seq_, c_.ids.stream_sid, mark}, out);
  }

  void stop(Frames& out) override {
    put(twilio::Stop{++seq_, c_.ids.stream_sid, c_.ids.account_sid, c_.ids.call_sid}, out);
  }

  ParseResult parse(std::string_view data, bool binary) override {
    if (binary) return common::unexpected(std::string("binary frame"));
    auto parsed = twilio::parse_outbound(data);
    if (!parsed) {
      return common::unexpected(std::string(twilio::to_string(parsed.error())) + ": " +
                                std::string(data.substr(0, 120)));
    }
    return std::visit([&](auto& ev) { return convert(ev); }, *parsed);
  }

 private:
  void put(const twilio::InboundEvent& ev, Frames& out, bool is_media = false) {
    out.push_back(WireFrame{twilio::encode_inbound(ev), false, is_media});
  }

  std::optional<std::string> wrong_sid(const std::string& sid) const {
    if (sid == c_.ids.stream_sid) return std::nullopt;
    return "wrong streamSid: " + sid;
  }

  ParseResult convert(twilio::OutMedia& m) {
    if (auto e = wrong_sid(m.stream_sid)) return common::unexpected(*e);
    ServerPlay play;
    if (!audio::base64_decode(m.payload_b64, play.ulaw))
      return common::unexpected(std::string("bad base64 payload"));
    return ServerEvent{std::move(play)};
  }
  ParseResult convert(twilio::OutMark& m) {
    if (auto e = wrong_sid(m.stream_sid)) return common::unexpected(*e);
    return ServerEvent{ServerMark{std::move(m.name)}};
  }
  ParseResult convert(twilio::OutClear& m) {
    if (auto e = wrong_sid(m.stream_sid)) return common::unexpected(*e);
    return ServerEvent{ServerClear{}};
  }

  const DialectConfig c_;
  uint64_t seq_ = 0, chunk_ = 0;
};

}  // namespace

std::unique_ptr<Dialect> make_twilio_dialect(const DialectConfig& config) {
  return std::make_unique<TwilioDialect>(config);
}

}  // namespace voxgate::callsim
