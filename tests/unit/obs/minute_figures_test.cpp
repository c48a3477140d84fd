// The plots' per-minute figures (obs/minute_figures.hpp): each minute holds
// only what was observed since the previous sample, stamped with the
// injected clock; an hour of minutes is kept.
#include "obs/minute_figures.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace voxgate::obs {
namespace {

class MinuteFiguresTest : public ::testing::Test {
 protected:
  MetricsRegistry registry_;
  CallMetrics metrics_{registry_};
  // Unix time: 2026-01-01T00:00:00Z.
  common::ManualClock clock_{common::TimePoint{} + std::chrono::seconds(1767225600)};
  MinuteFigures figures_{metrics_, clock_};

  void next_minute() {
    clock_.advance(std::chrono::minutes(1));
    figures_.sample();
  }
};

TEST_F(MinuteFiguresTest, EachMinuteHoldsOnlyItsOwnObservations) {
  for (int i = 0; i < 100; ++i) metrics_.turn_latency.observe(0.2);  // the (0.1, 0.25] bucket
  metrics_.calls_started.inc(3);
  metrics_.call_ended("caller_hangup");
  metrics_.call_ended("caller_hangup");
  next_minute();
  for (int i = 0; i < 10; ++i) metrics_.turn_latency.observe(2.0);  // (1, 2.5]
  metrics_.barge_in_latency.observe(0.004);                         // (0.0025, 0.005]
  metrics_.call_ended("operator_hangup");
  next_minute();
  next_minute();  // nothing happened

  const auto m = figures_.minutes();
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].end_ms, 1767225660000);
  EXPECT_EQ(m[1].end_ms, 1767225720000);
  EXPECT_EQ(m[0].turn_latency.count, 100u);
  EXPECT_DOUBLE_EQ(*m[0].turn_latency.p50_ms, 175.0);  // interpolated in (100, 250] ms
  EXPECT_GT(*m[0].turn_latency.p99_ms, 240.0);
  EXPECT_LE(*m[0].turn_latency.p99_ms, 250.0);
  EXPECT_FALSE(m[0].barge_in_latency.p50_ms);
  EXPECT_EQ(m[0].calls_started, 3u);
  EXPECT_EQ(m[0].ended, (std::map<std::string, uint64_t>{{"caller_hangup", 2}}));
  // The second minute's percentiles are of its own 10 observations only.
  EXPECT_EQ(m[1].turn_latency.count, 10u);
  EXPECT_GT(*m[1].turn_latency.p50_ms, 1000.0);
  EXPECT_LE(*m[1].turn_latency.p50_ms, 2500.0);
  EXPECT_EQ(m[1].barge_in_latency.count, 1u);
  EXPECT_GT(*m[1].barge_in_latency.p50_ms, 2.5);
  EXPECT_LE(*m[1].barge_in_latency.p50_ms, 5.0);
  EXPECT_EQ(m[1].calls_started, 0u);
  EXPECT_EQ(m[1].ended, (std::map<std::string, uint64_t>{{"operator_hangup", 1}}));
  EXPECT_EQ(m[2].turn_latency.count, 0u);
  EXPECT_FALSE(m[2].turn_latency.p50_ms);
  EXPECT_TRUE(m[2].ended.empty());
}

TEST_F(MinuteFiguresTest, KeepsTheLastHour) {
  for (int i = 0; i < 75; ++i) {
    metrics_.calls_started.inc(static_cast<uint64_t>(i));
    next_minute();
  }
  const auto m = figures_.minutes();
  ASSERT_EQ(m.size(), MinuteFigures::kKeep);
  EXPECT_EQ(m.front().calls_started, 15u);  // minutes 0..14 dropped
  EXPECT_EQ(m.back().calls_started, 74u);
  EXPECT_EQ(m.back().end_ms - m.front().end_ms, 59 * 60000);
}

TEST_F(MinuteFiguresTest, JsonHasUnitsInItsNamesAndNullsForEmptyMinutes) {
  metrics_.first_audio.observe(0.3);
  metrics_.call_ended("ai_failure");
  next_minute();
  next_minute();
  const auto v = boost::json::parse(figures_.json());
  const auto& minutes = v.at("minutes").as_array();
  ASSERT_EQ(minutes.size(), 2u);
  const auto& first = minutes[0].as_object();
  EXPECT_EQ(first.at("end_ms").as_int64(), 1767225660000);
  EXPECT_EQ(first.at("first_audio_ms").at("count").to_number<uint64_t>(), 1u);
  EXPECT_GT(first.at("first_audio_ms").at("p50").as_double(), 250.0);
  EXPECT_TRUE(first.at("turn_latency_ms").at("p95").is_null());
  EXPECT_EQ(first.at("ended").at("ai_failure").to_number<uint64_t>(), 1u);
  EXPECT_TRUE(minutes[1].at("first_audio_ms").at("p99").is_null());
}

}  // namespace
}  // namespace voxgate::obs
