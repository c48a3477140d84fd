#include "store/record_json.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

void expect_same(const CallRecord& a, const CallRecord& b) {
  EXPECT_EQ(record_to_json(a), record_to_json(b));
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.recording_path, b.recording_path);
  ASSERT_EQ(a.turns.size(), b.turns.size());
  ASSERT_EQ(a.events.size(), b.events.size());
}

TEST(RecordJson, EveryFieldReadsBackAsWritten) {
  CallRecord r = test::sample("1", 1712345678901, "caller_hangup");
  r.key = "1/MZ1";
  r.turn_latency_ms = 0.1;
  r.barge_in_latency_ms = 1e-300;
  r.recording_path = "/var/lib/voxgate/rec/1.wav";
  r.turns.push_back({"caller", "line\none \"quoted\" \xC3\xA9 \t", true, -5});
  const std::string line = record_to_json(r);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto back = record_from_json(line);
  ASSERT_TRUE(back.ok()) << back.error();
  expect_same(*back, r);
  EXPECT_EQ(back->turns.back().text, r.turns.back().text);
  EXPECT_EQ(*back->barge_in_latency_ms, 1e-300);
  EXPECT_EQ(*back->turn_latency_ms, 0.1);
  EXPECT_FALSE(back->events[1].latency_ms);
  EXPECT_EQ(back->started_at_ms, 1712345678901);
}

TEST(RecordJson, AnEmptyRecordReadsBack) {
  CallRecord r;
  r.id = "x";
  auto back = record_from_json(record_to_json(r));
  ASSERT_TRUE(back.ok()) << back.error();
  expect_same(*back, r);
}

TEST(RecordJson, BadTextGetsAClearError) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "not JSON"},
      {"{\"id\":\"1\",\"started_at_ms\":", "not JSON"},
      {"[1,2]", "not a JSON object"},
      {"{}", "'id' is missing"},
      {R"({"id":1})", "'id' is not a string"},
      {R"({"id":"1","started_at_ms":"soon"})", "'started_at_ms' is not an integer"},
      {R"({"id":"1","first_audio_ms":"fast"})", "'first_audio_ms' is not a number or null"},
      {R"({"id":"1","turns":{}})", "'turns' is not an array"},
      {R"({"id":"1","turns":[3]})", "not an object"},
      {R"({"id":"1","turns":[{"interrupted":"yes"}]})", "'interrupted' is not true or false"},
  };
  for (const auto& [text, expected] : cases) {
    auto r = record_from_json(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().find(expected), std::string::npos) << text << " -> " << r.error();
  }
}

}  // namespace
}  // namespace voxgate::store
