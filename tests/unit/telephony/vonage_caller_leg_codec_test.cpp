// The Vonage codec through the caller-leg contract (telephony/caller_leg.hpp):
// what the shell sees of each Vonage message (shapes as in Vonage's
// WebSockets guide: the connected frame with the endpoint's headers, binary
// 16-bit PCM, websocket:dtmf / notify / cleared) and the frames its actions
// become.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "telephony/vonage/caller_leg_codec.hpp"

namespace voxgate::telephony {
namespace {
namespace json = boost::json;

constexpr std::string_view kConnected =
    R"({"event":"websocket:connected","content-type":"audio/l16;rate=8000",)"
    R"("uuid":"u-1","voxgate_stream_token":"tok","lang":"en","attempt":2,"meta":{"x":1}})";

std::string pcm(const std::vector<int16_t>& samples) {
  std::string out;
  for (int16_t s : samples) {
    out.push_back(static_cast<char>(static_cast<uint16_t>(s) & 0xFF));
    out.push_back(static_cast<char>(static_cast<uint16_t>(s) >> 8));
  }
  return out;
}

class VonageCallerLegCodec : public ::testing::Test {
 protected:
  CallerEvent parse_ok(std::string_view frame) {
    auto r = codec_.parse(frame);
    EXPECT_TRUE(r.ok()) << frame;
    return r ? *r : CallerEvent{};
  }
  // The start, then the call's format as admission picks it.
  void start(std::string_view frame, const AudioFormat& call = audio::kPhoneMulaw) {
    const auto s = std::get<CallerStarted>(parse_ok(frame));
    ASSERT_TRUE(codec_.use_call_format(s.format, call));
  }
  vonage::CallerLegCodec codec_{"VGfallback"};
};

TEST_F(VonageCallerLegCodec, TraitsAreBinaryTwentyMillisecondFramesWithNotifyAndClear) {
  const auto& t = codec_.traits();
  EXPECT_EQ(t.audio, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_TRUE(t.binary_frames);
  EXPECT_TRUE(t.has_marks);
  EXPECT_TRUE(t.has_clear);
  EXPECT_EQ(t.play_granule_ms, 20);
  EXPECT_EQ(t.play_min_ms, 20);
  EXPECT_EQ(t.play_max_ms, 20);
}

TEST_F(VonageCallerLegCodec, ConnectedIsTheStartWithTheHeadersAsParameters) {
  const auto s = std::get<CallerStarted>(parse_ok(kConnected));
  EXPECT_EQ(s.call_id, "u-1");
  EXPECT_EQ(s.stream_id, "u-1");
  EXPECT_EQ(s.format, audio::pcm16(8000));  // as the stream names it
  EXPECT_EQ(s.stream_token, "tok");
  EXPECT_EQ(s.custom_parameters, (Parameters{{"uuid", "u-1"}, {"lang", "en"}, {"attempt", "2"}}));
}

TEST_F(VonageCallerLegCodec, WithoutAUuidTheCallTakesTheFallbackId) {
  const auto s = std::get<CallerStarted>(parse_ok(R"({"event":"websocket:connected"})"));
  EXPECT_EQ(s.call_id, "VGfallback");
  EXPECT_EQ(s.format, audio::pcm16(8000));  // Vonage's default
  auto a = vonage::make_caller_codec(), b = vonage::make_caller_codec();
  const auto id_a =
      std::get<CallerStarted>(*a->parse(R"({"event":"websocket:connected"})")).call_id;
  const auto id_b =
      std::get<CallerStarted>(*b->parse(R"({"event":"websocket:connected"})")).call_id;
  EXPECT_EQ(id_a.size(), 34u);
  EXPECT_NE(id_a, id_b);
}

TEST_F(VonageCallerLegCodec, FormatsAreReportedAsTheyAreAndOnlyConvertibleOnesAreTaken) {
  const auto s = std::get<CallerStarted>(
      parse_ok(R"({"event":"websocket:connected","content-type":"audio/l16;rate=16000"})"));
  EXPECT_EQ(s.format, audio::pcm16(16000));
  EXPECT_TRUE(codec_.use_call_format(s.format, audio::kPhoneMulaw));
  EXPECT_TRUE(codec_.use_call_format(s.format, audio::pcm16(16000)));
  EXPECT_TRUE(codec_.use_call_format(s.format, audio::pcm16(24000)));
  EXPECT_FALSE(codec_.use_call_format(s.format, audio::pcm16(44100)));
  vonage::CallerLegCodec odd("VGodd");
  const auto o = std::get<CallerStarted>(
      *odd.parse(R"({"event":"websocket:connected","content-type":"audio/l16;rate=44100"})"));
  EXPECT_EQ(o.format, (AudioFormat{AudioEncoding::kLinear16, 44100, 1}));
  EXPECT_FALSE(odd.use_call_format(o.format, audio::kPhoneMulaw));  // admission refuses it
  EXPECT_FALSE(odd.use_call_format(vonage::parse_content_type("audio/opus"), audio::kPhoneMulaw));
  EXPECT_EQ(vonage::parse_content_type("audio/L16;rate=24000"),
            (AudioFormat{AudioEncoding::kLinear16, 24000, 1}));
  EXPECT_EQ(vonage::parse_content_type("audio/opus").encoding, AudioEncoding::kOther);
  EXPECT_EQ(vonage::parse_content_type("audio/l16;rate=x").sample_rate, 0);
}

// 20 ms at 16 kHz is 640 bytes in; the call gets about 160 mu-law samples
// (less the resampler's start-up delay) and plays 640 bytes back per 20 ms.
TEST_F(VonageCallerLegCodec, SixteenKilohertzIsResampledBothWays) {
  start(R"({"event":"websocket:connected","content-type":"audio/l16;rate=16000"})");
  size_t narrow = 0;
  for (int f = 0; f < 10; ++f) {
    auto m = codec_.parse_binary(std::string(640, '\0'));
    ASSERT_TRUE(m);
    std::vector<uint8_t> ulaw;
    ASSERT_TRUE(audio::base64_decode(std::get<CallerMedia>(*m).payload_b64, ulaw));
    narrow += ulaw.size();
  }
  EXPECT_GE(narrow, 1500u);
  EXPECT_LE(narrow, 1600u);
  const std::string chunk = audio::base64_encode(std::vector<uint8_t>(160, 0xFF));
  for (int f = 0; f < 3; ++f) EXPECT_EQ(codec_.play(chunk).size(), 640u);
}

// A call carrying the stream's own PCM: bytes in == bytes out, both ways.
TEST_F(VonageCallerLegCodec, ACallInTheStreamsOwnPcmPassesItsBytesUntouched) {
  start(R"({"event":"websocket:connected","content-type":"audio/l16;rate=16000"})",
        audio::pcm16(16000));
  std::string frame = pcm({1, -2, 300, -4000, 32767, -32768, 7, 8});
  frame += std::string(640 - frame.size(), '\x11');
  auto m = codec_.parse_binary(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<CallerMedia>(*m).payload_b64,
            audio::base64_encode(
                std::span(reinterpret_cast<const uint8_t*>(frame.data()), frame.size())));
  EXPECT_EQ(std::get<CallerMedia>(*codec_.parse_binary(frame)).timestamp_ms, 20u);
  EXPECT_EQ(codec_.play(std::get<CallerMedia>(*m).payload_b64), frame);
}

// 16 kHz to a 24 kHz call: one resampling; 20 ms is 960 bytes of the call's
// PCM (less the start-up delay) and 960 bytes back are 640 on the wire.
TEST_F(VonageCallerLegCodec, SixteenKilohertzToATwentyFourKilohertzCallIsOneResampling) {
  start(R"({"event":"websocket:connected","content-type":"audio/l16;rate=16000"})",
        audio::pcm16(24000));
  size_t wide = 0;
  for (int f = 0; f < 10; ++f) {
    std::vector<uint8_t> bytes;
    ASSERT_TRUE(audio::base64_decode(
        std::get<CallerMedia>(*codec_.parse_binary(std::string(640, '\0'))).payload_b64, bytes));
    EXPECT_EQ(bytes.size() % 2, 0u);
    wide += bytes.size();
  }
  EXPECT_GE(wide, 9000u);
  EXPECT_LE(wide, 9600u);
  const std::string chunk = audio::base64_encode(std::vector<uint8_t>(960, 0));
  for (int f = 0; f < 3; ++f) EXPECT_EQ(codec_.play(chunk).size(), 640u);
}

TEST_F(VonageCallerLegCodec, BinaryPcmIsTheCallsMulawWithRunningTimestamps) {
  start(kConnected);
  const std::vector<int16_t> samples{0, 1200, -1200, 30000};
  auto first = codec_.parse_binary(pcm(samples));
  ASSERT_TRUE(first);
  const auto m = std::get<CallerMedia>(*first);
  EXPECT_EQ(m.timestamp_ms, 0u);
  std::vector<uint8_t> ulaw;
  ASSERT_TRUE(audio::base64_decode(m.payload_b64, ulaw));
  ASSERT_EQ(ulaw.size(), samples.size());
  for (size_t i = 0; i < samples.size(); ++i) EXPECT_EQ(ulaw[i], audio::linear_to_ulaw(samples[i]));
  ASSERT_TRUE(codec_.parse_binary(std::string(320, '\0')));  // 20 ms
  EXPECT_EQ(std::get<CallerMedia>(*codec_.parse_binary(std::string(320, '\0'))).timestamp_ms, 20u);
  EXPECT_EQ(codec_.parse_binary("abc").error().reason, "odd_pcm_payload");
  EXPECT_EQ(codec_.parse_binary("").error().reason, "odd_pcm_payload");
}

TEST_F(VonageCallerLegCodec, DtmfNotifyAndClearedAreTheCallsEvents) {
  parse_ok(kConnected);
  EXPECT_EQ(
      std::get<CallerDtmf>(parse_ok(R"({"event":"websocket:dtmf","digit":"5","duration":260})"))
          .digit,
      "5");
  EXPECT_EQ(
      std::get<CallerDtmf>(parse_ok(R"({"event":"websocket:dtmf","dtmf":{"digit":"#"}})")).digit,
      "#");
  EXPECT_EQ(
      std::get<CallerPlayed>(parse_ok(R"({"event":"websocket:notify","payload":{"mark":"m-3"}})"))
          .mark,
      "m-3");
  EXPECT_TRUE(std::holds_alternative<CallerNothing>(parse_ok(R"({"event":"websocket:cleared"})")));
}

TEST_F(VonageCallerLegCodec, BadMessagesAreRejectedWithAReason) {
  EXPECT_EQ(codec_.parse("{").error().reason, "invalid_json");
  EXPECT_EQ(codec_.parse(R"({"event":"websocket:hold"})").error().reason, "unknown_event");
  EXPECT_EQ(codec_.parse(R"({"event":"websocket:notify","payload":{}})").error().reason,
            "missing_field");
  EXPECT_EQ(codec_.parse(R"({"event":"websocket:dtmf","digit":5})").error().reason, "wrong_type");
}

TEST_F(VonageCallerLegCodec, PlayIsBinaryPcmAndMarksAndClearAreActions) {
  const std::vector<uint8_t> ulaw{0xFF, 0x00, 0x80, 0x7F};
  const std::string out = codec_.play(audio::base64_encode(ulaw));
  ASSERT_EQ(out.size(), 2 * ulaw.size());
  for (size_t i = 0; i < ulaw.size(); ++i) {
    const auto v = static_cast<int16_t>(static_cast<uint8_t>(out[2 * i]) |
                                        (static_cast<uint8_t>(out[2 * i + 1]) << 8));
    EXPECT_EQ(v, audio::ulaw_to_linear(ulaw[i]));
  }
  const auto mark = json::parse(codec_.mark("greet\"1"));
  EXPECT_EQ(mark.at("action").as_string(), "notify");
  EXPECT_EQ(mark.at("payload").at("mark").as_string(), "greet\"1");
  EXPECT_EQ(json::parse(codec_.clear()).at("action").as_string(), "clear");
  EXPECT_FALSE(codec_.hang_up());
}

}  // namespace
}  // namespace voxgate::telephony
