#include <gtest/gtest.h>

#include "dialect_fixture.hpp"

namespace voxgate::callsim {
namespace {

using test::as_json;
using test::expect_json;

std::unique_ptr<Dialect> plivo() {
  return make_dialect(test::call_config(Carrier::kPlivo));
}

TEST(PlivoDialectTest, StartMediaDtmfJsonAndNoStopMessage) {
  auto d = plivo();
  Frames out;
  d->open(out);
  ASSERT_EQ(out.size(), 1u);
  expect_json(out[0], R"({"event":"start","sequenceNumber":1,
      "start":{"callId":"CALL1","streamId":"STREAM1","accountId":"ACC1","tracks":["inbound"],
               "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}},
      "extra_headers":"tenant=acme;voxgate_stream_token=v1.t"})");
  out.clear();
  d->media(std::vector<uint8_t>(3, 0xFF), 20, out);
  d->dtmf("#", 40, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].is_media);
  expect_json(out[0], R"({"event":"media","sequenceNumber":2,"streamId":"STREAM1",
      "media":{"track":"inbound","timestamp":"1700000000020","chunk":1,"payload":"////"}})");
  expect_json(out[1], R"({"event":"dtmf","sequenceNumber":3,"streamId":"STREAM1",
      "dtmf":{"track":"inbound","digit":"#","timestamp":"1700000000040"}})");
  out.clear();
  d->stop(out);
  EXPECT_TRUE(out.empty()) << "Plivo's stream ends with the WebSocket close";
}

TEST(PlivoDialectTest, CheckpointIsEchoedAsPlayedStreamOnceAudioHasPlayed) {
  auto d = plivo();
  Playout playout;
  Frames echoes;
  const char* play =
      R"({"event":"playAudio","media":{"contentType":"audio/x-mulaw","sampleRate":8000,
          "payload":"//////////8="}})";
  ASSERT_TRUE(test::drive(*d, playout, play, false, test::kT0, echoes));
  ASSERT_TRUE(test::drive(*d, playout,
                          R"({"event":"checkpoint","streamId":"STREAM1","name":"greeting"})", false,
                          test::kT0, echoes));
  EXPECT_TRUE(echoes.empty());
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(1), echoes);
  ASSERT_EQ(echoes.size(), 1u);
  expect_json(
      echoes[0],
      R"({"event":"playedStream","sequenceNumber":1,"streamId":"STREAM1","name":"greeting"})");
}

TEST(PlivoDialectTest, ClearAudioFlushesAndIsAnsweredWithClearedAudio) {
  auto d = plivo();
  Playout playout;
  Frames echoes;
  // 16 kHz L16: 4 samples = 2 mu-law bytes after conversion.
  const char* play =
      R"({"event":"playAudio","media":{"contentType":"audio/x-l16","sampleRate":16000,
          "payload":"AAAAAAAAAAA="}})";
  ASSERT_TRUE(test::drive(*d, playout, play, false, test::kT0, echoes));
  EXPECT_EQ(playout.bytes_queued(), 2u);
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"checkpoint","streamId":"STREAM1","name":"c"})",
                          false, test::kT0, echoes));
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"clearAudio","streamId":"STREAM1"})", false,
                          test::kT0, echoes));
  ASSERT_EQ(echoes.size(), 2u);
  EXPECT_EQ(as_json(echoes[0]).at("event"), "playedStream");
  expect_json(echoes[1], R"({"event":"clearedAudio","sequenceNumber":2,"streamId":"STREAM1"})");
  EXPECT_EQ(playout.bytes_discarded(), 2u);
}

TEST(PlivoDialectTest, MalformedMessagesAreErrors) {
  auto d = plivo();
  for (
      const char* bad : {
          "{",
          R"({"event":"playAudio","media":{"payload":"////"}})",  // no contentType/sampleRate
          R"({"event":"playAudio","media":{"contentType":"audio/x-mulaw","sampleRate":16000,"payload":"////"}})",
          R"({"event":"playAudio","media":{"contentType":"audio/x-l16","sampleRate":8000,"payload":"////"}})",  // 3 bytes
          R"({"event":"checkpoint","streamId":"STREAM1"})",
          R"({"event":"checkpoint","name":"x"})",  // no streamId
          R"({"event":"clearAudio","streamId":"OTHER"})",
          R"({"event":"media","streamId":"STREAM1"})",
      }) {
    EXPECT_FALSE(d->parse(bad, false)) << bad;
  }
  EXPECT_FALSE(d->parse("\x01", true));
}

}  // namespace
}  // namespace voxgate::callsim
