#include <gtest/gtest.h>

#include "audio/base64.hpp"
#include "dialect_fixture.hpp"

namespace voxgate::callsim {
namespace {

using test::as_json;
using test::expect_json;

std::unique_ptr<Dialect> exotel() {
  return make_dialect(test::call_config(Carrier::kExotel));
}

TEST(ExotelDialectTest, ConnectedAndStartJson) {
  auto d = exotel();
  Frames out;
  d->open(out);
  ASSERT_EQ(out.size(), 2u);
  expect_json(out[0], R"({"event":"connected"})");
  expect_json(out[1], R"({"event":"start","sequence_number":"1","stream_sid":"STREAM1",
      "start":{"stream_sid":"STREAM1","call_sid":"CALL1","account_sid":"ACC1",
               "from":"+919800000001","to":"+918000000002",
               "custom_parameters":{"tenant":"acme","voxgate_stream_token":"v1.t"},
               "media_format":{"encoding":"audio/x-raw","sample_rate":"8000","bit_rate":"16"}}})");
}

TEST(ExotelDialectTest, MediaIs100MsOfPcm16FlushedByDtmfAndStop) {
  auto d = exotel();
  Frames out;
  const std::vector<uint8_t> frame(160, 0xFF);  // mu-law 0xFF = linear 0
  for (int i = 0; i < 4; ++i) d->media(frame, uint64_t(i) * 20, out);
  EXPECT_TRUE(out.empty());
  d->media(frame, 80, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].is_media);
  const auto m = as_json(out[0]);
  EXPECT_EQ(m.at("event"), "media");
  EXPECT_EQ(m.at("sequence_number"), "1");
  EXPECT_EQ(m.at("stream_sid"), "STREAM1");
  EXPECT_EQ(m.at("media").at("chunk"), "1");
  EXPECT_EQ(m.at("media").at("timestamp"), "0");
  std::vector<uint8_t> pcm;
  ASSERT_TRUE(audio::base64_decode(m.at("media").at("payload").as_string(), pcm));
  EXPECT_EQ(pcm, std::vector<uint8_t>(1600, 0));  // 800 samples of 16-bit silence
  out.clear();
  d->media(frame, 100, out);
  d->dtmf("7", 120, out);
  d->media(frame, 120, out);
  d->stop(out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(as_json(out[0]).at("media").at("timestamp"), "100");
  expect_json(out[1], R"({"event":"dtmf","sequence_number":"3","stream_sid":"STREAM1",
      "dtmf":{"digit":"7","duration":"100"}})");
  EXPECT_EQ(as_json(out[2]).at("media").at("chunk"), "3");
  expect_json(out[3], R"({"event":"stop","sequence_number":"5","stream_sid":"STREAM1",
      "stop":{"call_sid":"CALL1","account_sid":"ACC1","reason":"callended"}})");
}

TEST(ExotelDialectTest, PcmMediaPlaysAtEightKilohertzAndMarksEchoWhenPlayed) {
  auto d = exotel();
  Playout playout;
  Frames echoes;
  // 3200 bytes of PCM16 (Exotel's smallest chunk) = 1600 samples = 200 ms:
  // 1600 mu-law bytes in the playout.
  const std::string payload = audio::base64_encode(std::vector<uint8_t>(3200, 0));
  ASSERT_TRUE(test::drive(
      *d, playout,
      R"({"event":"media","stream_sid":"STREAM1","media":{"payload":")" + payload + "\"}}", false,
      test::kT0, echoes));
  EXPECT_EQ(playout.bytes_queued(), 1600u);
  // Some bridges write streamSid: accepted too.
  ASSERT_TRUE(test::drive(*d, playout,
                          R"({"event":"mark","streamSid":"STREAM1","mark":{"name":"a"}})", false,
                          test::kT0, echoes));
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(199), echoes);
  EXPECT_TRUE(echoes.empty());
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(200), echoes);
  ASSERT_EQ(echoes.size(), 1u);
  expect_json(
      echoes[0],
      R"({"event":"mark","sequence_number":"1","stream_sid":"STREAM1","mark":{"name":"a"}})");
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"clear","stream_sid":"STREAM1"})", false,
                          test::kT0 + std::chrono::milliseconds(210), echoes));
  EXPECT_EQ(echoes.size(), 1u) << "Exotel answers a clear with nothing";
}

TEST(ExotelDialectTest, MalformedMessagesAreErrors) {
  auto d = exotel();
  // Exotel's chunk rule: whole 320 bytes, 3.2 KB to 100 KB.
  const auto chunk = [](size_t bytes) {
    return R"({"event":"media","stream_sid":"STREAM1","media":{"payload":")" +
           audio::base64_encode(std::vector<uint8_t>(bytes, 0)) + "\"}}";
  };
  for (size_t bytes : {320u, 3040u, 3210u, 100480u}) {
    EXPECT_FALSE(d->parse(chunk(bytes), false)) << bytes << " bytes";
  }
  for (const char* bad : {
           "nope",
           R"({"event":"clear"})",  // no stream_sid
           R"({"event":"clear","stream_sid":"OTHER"})",
           R"({"event":"media","stream_sid":"STREAM1","media":{"payload":"AA=="}})",  // half a
                                                                                      // sample
           R"({"event":"mark","stream_sid":"STREAM1"})",
           R"({"event":"playAudio","stream_sid":"STREAM1"})",
       }) {
    EXPECT_FALSE(d->parse(bad, false)) << bad;
  }
}

}  // namespace
}  // namespace voxgate::callsim
