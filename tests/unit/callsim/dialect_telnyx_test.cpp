#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "dialect_fixture.hpp"

namespace voxgate::callsim {
namespace {

using test::as_json;
using test::expect_json;
namespace json = boost::json;

std::unique_ptr<Dialect> telnyx(int reorder_window = 0, uint32_t seed = 0) {
  DialectConfig c = test::call_config(Carrier::kTelnyx);
  c.reorder_window = reorder_window;
  c.seed = seed;
  return make_dialect(c);
}

TEST(TelnyxDialectTest, ConnectedStartAndMediaJson) {
  auto d = telnyx();
  Frames out;
  d->open(out);
  ASSERT_EQ(out.size(), 2u);
  expect_json(out[0], R"({"event":"connected","version":"1.0.0"})");
  expect_json(out[1], R"({"event":"start","sequence_number":"1","stream_id":"STREAM1",
      "start":{"user_id":"ACC1","call_control_id":"CALL1","from":"+15550000001",
               "to":"+15550000002",
               "media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1},
               "custom_parameters":{"tenant":"acme","voxgate_stream_token":"v1.t"}}})");
  out.clear();
  const std::vector<uint8_t> frame(3, 0xFF);
  d->media(frame, 0, out);
  d->media(frame, 20, out);
  d->dtmf("5", 40, out);
  d->stop(out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_TRUE(out[0].is_media);
  expect_json(out[0], R"({"event":"media","sequence_number":"2","stream_id":"STREAM1",
      "media":{"track":"inbound","chunk":"1","timestamp":"0","payload":"////"}})");
  expect_json(out[1], R"({"event":"media","sequence_number":"3","stream_id":"STREAM1",
      "media":{"track":"inbound","chunk":"2","timestamp":"20","payload":"////"}})");
  expect_json(
      out[2],
      R"({"event":"dtmf","sequence_number":"4","stream_id":"STREAM1","dtmf":{"digit":"5"}})");
  expect_json(out[3], R"({"event":"stop","sequence_number":"5","stream_id":"STREAM1",
      "stop":{"user_id":"ACC1","call_control_id":"CALL1"}})");
}

TEST(TelnyxDialectTest, ReorderedMediaIsAPermutationWithinTheWindow) {
  auto d = telnyx(4, 1);
  Frames out;
  const std::vector<uint8_t> frame(160, 0xFF);
  std::vector<uint64_t> chunks;
  for (int i = 0; i < 40; ++i) {
    d->media(frame, uint64_t(i) * 20, out);
    EXPECT_EQ(out.size() % 4, 0u) << "frames leave in whole windows";
  }
  d->media(frame, 800, out);
  d->stop(out);  // flushes the held frame, then stop
  ASSERT_EQ(out.size(), 42u);
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    chunks.push_back(std::stoull(std::string(as_json(out[i]).at("media").at("chunk").as_string())));
    // A frame's sequence_number says its true place: chunk + 0 (no start here).
    EXPECT_EQ(as_json(out[i]).at("sequence_number").as_string(), std::to_string(chunks.back()));
  }
  EXPECT_FALSE(std::is_sorted(chunks.begin(), chunks.end())) << "seed 1 shuffles some window";
  for (size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_LT(chunks[i] > i + 1 ? chunks[i] - (i + 1) : (i + 1) - chunks[i], 4u);
  }
  std::set<uint64_t> unique(chunks.begin(), chunks.end());
  EXPECT_EQ(unique.size(), 41u);
  EXPECT_EQ(as_json(out.back()).at("event"), "stop");
}

TEST(TelnyxDialectTest, ParsesMediaMarkClearAndEchoesMarkWhenPlayed) {
  auto d = telnyx();
  Playout playout;
  Frames echoes;
  // 8 bytes = 1 ms of mu-law; Telnyx's outbound carries no stream_id.
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"media","media":{"payload":"//////////8="}})",
                          false, test::kT0, echoes));
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"mark","mark":{"name":"g"}})", false, test::kT0,
                          echoes));
  EXPECT_TRUE(echoes.empty());
  test::advance(*d, playout, test::kT0 + std::chrono::milliseconds(1), echoes);
  ASSERT_EQ(echoes.size(), 1u);
  expect_json(
      echoes[0],
      R"({"event":"mark","sequence_number":"1","stream_id":"STREAM1","mark":{"name":"g"}})");
  EXPECT_EQ(playout.bytes_played(), 8u);
  // clear flushes the queue and echoes outstanding marks; Telnyx sends no ack.
  echoes.clear();
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"media","media":{"payload":"//////////8="}})",
                          false, test::kT0 + std::chrono::milliseconds(10), echoes));
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"mark","mark":{"name":"h"}})", false,
                          test::kT0 + std::chrono::milliseconds(10), echoes));
  ASSERT_TRUE(test::drive(*d, playout, R"({"event":"clear","stream_id":"STREAM1"})", false,
                          test::kT0 + std::chrono::milliseconds(10), echoes));
  ASSERT_EQ(echoes.size(), 1u);
  EXPECT_EQ(as_json(echoes[0]).at("mark").at("name"), "h");
  EXPECT_EQ(playout.bytes_discarded(), 8u);
}

TEST(TelnyxDialectTest, MalformedMessagesAreErrors) {
  auto d = telnyx();
  for (const char* bad :
       {"not json", "[1]", R"({"event":"media"})", R"({"event":"media","media":{"payload":"!!"}})",
        R"({"event":"mark","mark":{}})", R"({"event":"clear","stream_id":"X"})",
        R"({"event":"playAudio"})", R"({"event":5})"}) {
    EXPECT_FALSE(d->parse(bad, false)) << bad;
  }
  EXPECT_FALSE(d->parse("\x00\x01", true));
}

}  // namespace
}  // namespace voxgate::callsim
