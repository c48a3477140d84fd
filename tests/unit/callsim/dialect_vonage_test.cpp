#include <gtest/gtest.h>

#include "dialect_fixture.hpp"

namespace voxgate::callsim {
namespace {

using test::as_json;
using test::expect_json;

std::unique_ptr<Dialect> vonage(int rate) {
  DialectConfig c = test::call_config(Carrier::kVonage);
  c.sample_rate = rate;
  return make_dialect(c);
}

TEST(VonageDialectTest, ConnectedCarriesContentTypeAndHeaders) {
  for (int rate : {8000, 16000}) {
    auto d = vonage(rate);
    Frames out;
    d->open(out);
    ASSERT_EQ(out.size(), 1u);
    expect_json(out[0], R"({"event":"websocket:connected","content-type":"audio/l16;rate=)" +
                            std::to_string(rate) +
                            R"(","tenant":"acme","voxgate_stream_token":"v1.t","uuid":"CALL1"})");
  }
}

TEST(VonageDialectTest, AudioIsBinaryPcm16TwentyMsFrames) {
  auto d = vonage(16000);
  Frames out;
  d->media(std::vector<uint8_t>(160, 0xFF), 0, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].binary);
  EXPECT_TRUE(out[0].is_media);
  EXPECT_EQ(out[0].data, std::string(640, '\0'));  // 320 samples of silence
  auto d8 = vonage(8000);
  out.clear();
  d8->media(std::vector<uint8_t>(160, 0xFF), 0, out);
  EXPECT_EQ(out[0].data.size(), 320u);
  out.clear();
  d8->dtmf("9", 20, out);
  d8->stop(out);
  ASSERT_EQ(out.size(), 1u) << "Vonage has no stop message: the close hangs up";
  expect_json(out[0], R"({"event":"websocket:dtmf","digit":"9","duration":100})");
}

TEST(VonageDialectTest, NotifyIsEchoedWithItsPayloadOnceAudioHasPlayed) {
  auto d = vonage(16000);
  Playout playout;
  Frames echoes;
  // 640 bytes at 16 kHz = 20 ms = 160 mu-law bytes.
  ASSERT_TRUE(test::drive(*d, playout, std::string(640, '\0'), true, test::kT0, echoes));
  EXPECT_EQ(playout.bytes_queued(), 160u);
  ASSERT_TRUE(test::drive(*d, playout, R"({"action":"notify","payload":{"mark":"g","n":2}})", false,
                          test::kT0, echoes));
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(19), echoes);
  EXPECT_TRUE(echoes.empty());
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(20), echoes);
  ASSERT_EQ(echoes.size(), 1u);
  expect_json(echoes[0], R"({"event":"websocket:notify","payload":{"mark":"g","n":2}})");
}

TEST(VonageDialectTest, ClearFlushesAndIsAnsweredWithCleared) {
  auto d = vonage(8000);
  Playout playout;
  Frames echoes;
  ASSERT_TRUE(test::drive(*d, playout, std::string(320, '\0'), true, test::kT0, echoes));
  ASSERT_TRUE(
      test::drive(*d, playout, R"({"action":"notify","payload":{}})", false, test::kT0, echoes));
  ASSERT_TRUE(test::drive(*d, playout, R"({"action":"clear"})", false,
                          test::kT0 + std::chrono::milliseconds(5), echoes));
  ASSERT_EQ(echoes.size(), 2u);
  expect_json(echoes[0], R"({"event":"websocket:notify","payload":{}})");
  expect_json(echoes[1], R"({"event":"websocket:cleared"})");
  EXPECT_EQ(playout.bytes_played(), 40u);
  EXPECT_EQ(playout.bytes_discarded(), 120u);
}

TEST(VonageDialectTest, MalformedMessagesAreErrors) {
  auto d = vonage(16000);
  EXPECT_FALSE(d->parse(std::string(3, '\0'), true));  // half a sample
  EXPECT_FALSE(d->parse(std::string(2, '\0'), true));  // half a 16 kHz pair
  for (const char* bad : {"{}", "x", R"({"action":"notify"})", R"({"action":"notify","payload":3})",
                          R"({"action":"hangup"})", R"({"event":"websocket:cleared"})"}) {
    EXPECT_FALSE(d->parse(bad, false)) << bad;
  }
}

}  // namespace
}  // namespace voxgate::callsim
