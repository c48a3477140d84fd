// What every dialect shares: carrier names, paths and ids, the PCM
// conversion, and Twilio/SignalWire (voxgate's Twilio codec).

#include "callsim/dialect.hpp"

#include <gtest/gtest.h>

#include "audio/g711.hpp"
#include "callsim/pcm_convert.hpp"
#include "dialect_fixture.hpp"

namespace voxgate::callsim {
namespace {

using test::call_config;
using test::expect_json;

TEST(DialectTest, CarrierNamesAndMediaPaths) {
  for (const char* name : {"twilio", "signalwire", "telnyx", "plivo", "exotel", "vonage"}) {
    auto c = parse_carrier(name);
    ASSERT_TRUE(c) << name;
    EXPECT_EQ(carrier_name(*c), name);
  }
  EXPECT_FALSE(parse_carrier("Twilio"));
  EXPECT_EQ(default_media_path(Carrier::kTwilio), "/media");
  EXPECT_EQ(default_media_path(Carrier::kTelnyx), "/media/telnyx");
  EXPECT_EQ(default_media_path(Carrier::kSignalWire), "/media/signalwire");
}

TEST(DialectTest, IdsAreShapedPerCarrierAndDistinctPerCall) {
  const StreamIds tw = make_stream_ids(Carrier::kTwilio, 7, 1, "AC1");
  EXPECT_EQ(tw.call_sid.substr(0, 2), "CA");
  EXPECT_EQ(tw.stream_sid.size(), 34u);
  const StreamIds tx = make_stream_ids(Carrier::kTelnyx, 7, 1, "AC1");
  EXPECT_EQ(tx.call_sid.substr(0, 3), "v3:");
  EXPECT_EQ(tx.stream_sid.size(), 36u);  // a UUID
  const StreamIds pl1 = make_stream_ids(Carrier::kPlivo, 7, 1, "AC1");
  const StreamIds pl2 = make_stream_ids(Carrier::kPlivo, 7, 2, "AC1");
  EXPECT_NE(pl1.call_sid, pl1.stream_sid);
  EXPECT_NE(pl1.call_sid, pl2.call_sid);
  EXPECT_EQ(pl1.account_sid, "AC1");
}

TEST(DialectTest, PcmConversionKeepsDurationAndLevel) {
  const std::vector<uint8_t> ulaw = {audio::linear_to_ulaw(1000), audio::linear_to_ulaw(-2000)};
  std::string pcm8, pcm16;
  ulaw_to_pcm16le(ulaw, 8000, pcm8);
  ulaw_to_pcm16le(ulaw, 16000, pcm16);
  ASSERT_EQ(pcm8.size(), 4u);
  ASSERT_EQ(pcm16.size(), 8u);  // each sample twice
  const int16_t first = int16_t(uint8_t(pcm8[0]) | uint8_t(pcm8[1]) << 8);
  EXPECT_EQ(first, audio::ulaw_to_linear(ulaw[0]));
  std::vector<uint8_t> back;
  auto bytes = [](const std::string& s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  };
  ASSERT_TRUE(pcm16le_to_ulaw(bytes(pcm16), 16000, back));
  EXPECT_EQ(back, ulaw);
  ASSERT_TRUE(pcm16le_to_ulaw(bytes(pcm8), 8000, back));
  EXPECT_EQ(back, ulaw);
  EXPECT_FALSE(pcm16le_to_ulaw(bytes(pcm8).first(3), 8000, back));   // half a sample
  EXPECT_FALSE(pcm16le_to_ulaw(bytes(pcm8).first(2), 16000, back));  // half a pair
}

TEST(DialectTest, SignalWireSpeaksTwilio) {
  for (Carrier c : {Carrier::kTwilio, Carrier::kSignalWire}) {
    auto d = make_dialect(call_config(c));
    Frames out;
    d->open(out);
    ASSERT_EQ(out.size(), 2u);
    expect_json(out[0], R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
    const auto start = test::as_json(out[1]);
    EXPECT_EQ(start.at("start").at("customParameters").at("voxgate_stream_token"), "v1.t");
    EXPECT_EQ(start.at("streamSid"), "STREAM1");
    EXPECT_TRUE(d->parse(R"({"event":"clear","streamSid":"STREAM1"})", false));
    EXPECT_FALSE(d->parse(R"({"event":"clear","streamSid":"OTHER"})", false));
    EXPECT_FALSE(d->parse("\x01\x02", true));
  }
}

TEST(DialectTest, TwilioMarkEchoedWhenPlayed) {
  auto d = make_dialect(call_config(Carrier::kTwilio));
  Playout playout;
  Frames echoes;
  // 20 ms of audio (160 bytes = 216 base64 chars), then a mark.
  const std::string media = R"({"event":"media","streamSid":"STREAM1","media":{"payload":")" +
                            std::string(212, 'A') + "AA==\"}}";
  ASSERT_TRUE(test::drive(*d, playout, media, false, test::kT0, echoes));
  ASSERT_TRUE(test::drive(*d, playout,
                          R"({"event":"mark","streamSid":"STREAM1","mark":{"name":"m"}})", false,
                          test::kT0, echoes));
  EXPECT_TRUE(echoes.empty());
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(20), echoes);
  ASSERT_EQ(echoes.size(), 1u);
  EXPECT_EQ(test::as_json(echoes[0]).at("mark").at("name"), "m");
}

}  // namespace
}  // namespace voxgate::callsim
