#include "obs/metrics.hpp"

#include <gtest/gtest.h>

#include "obs/call_metrics.hpp"
#include "obs/log.hpp"
#include "obs/rate_limiter.hpp"

namespace voxgate::obs {
namespace {

TEST(Metrics, RendersCounterGaugeWithHelpAndType) {
  MetricsRegistry r;
  r.counter("voxgate_x_total", "Things", label("reason", "a")).inc(3);
  r.gauge("voxgate_active", "Active").set(7);
  const std::string text = r.render_prometheus();
  EXPECT_NE(text.find("# HELP voxgate_x_total Things\n# TYPE voxgate_x_total counter\n"),
            std::string::npos);
  EXPECT_NE(text.find("voxgate_x_total{reason=\"a\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("voxgate_active 7\n"), std::string::npos);
}

TEST(Metrics, SameNameAndLabelsIsSameChild) {
  MetricsRegistry r;
  r.counter("c", "h").inc();
  r.counter("c", "h").inc();
  EXPECT_EQ(r.counter("c", "h").value(), 2u);
}

TEST(Metrics, KindMismatchIsRejected) {
  MetricsRegistry r;
  r.counter("m", "h");
  EXPECT_THROW(r.gauge("m", "h"), std::logic_error);
}

TEST(Histogram, CumulativeBucketsSumAndCount) {
  MetricsRegistry r;
  auto& h = r.histogram("lat_seconds", "Latency", {}, {0.001, 0.01});
  h.observe(0.0005);
  h.observe(0.005);
  h.observe(0.5);
  const std::string text = r.render_prometheus();
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.01\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count 3\n"), std::string::npos);
  EXPECT_NEAR(h.sum(), 0.5055, 1e-6);
}

TEST(Histogram, QuantileInterpolatesInBucket) {
  Histogram h({1.0, 2.0});
  for (int i = 0; i < 10; ++i) h.observe(1.5);
  EXPECT_GT(h.quantile(0.5), 1.0);
  EXPECT_LE(h.quantile(0.99), 2.0);
  Histogram empty({1.0});
  EXPECT_EQ(empty.quantile(0.5), 0.0);
}

TEST(Metrics, LabelValuesAreEscaped) {
  EXPECT_EQ(label("code", "a\"b\\c\n"), "code=\"a\\\"b\\\\c\\n\"");
}

TEST(CallMetrics, EndReasonsAndDropsAreLabelled) {
  MetricsRegistry r;
  CallMetrics m(r);
  m.call_ended("caller_hangup");
  m.dropped_cancelled.inc(4);
  m.ai_error("server_error");
  const std::string text = r.render_prometheus();
  EXPECT_NE(text.find("voxgate_calls_total{reason=\"caller_hangup\"} 1"), std::string::npos);
  EXPECT_NE(text.find("voxgate_frames_dropped_total{reason=\"cancelled\"} 4"), std::string::npos);
  EXPECT_NE(text.find("voxgate_ai_errors_total{code=\"server_error\"} 1"), std::string::npos);
}

// A peer sending ever-new error codes must not grow the registry (and
// /metrics) without bound: past the cap they share the "other" label.
TEST(CallMetrics, AiErrorCodeLabelsAreBounded) {
  MetricsRegistry r;
  CallMetrics m(r);
  for (std::size_t i = 0; i < 10 * CallMetrics::kMaxAiErrorCodes; ++i) {
    m.ai_error("code_" + std::to_string(i));
  }
  m.ai_error("code_0");  // a code seen before the cap keeps its own label
  const std::string text = r.render_prometheus();
  std::size_t series = 0;
  for (auto pos = text.find("voxgate_ai_errors_total{"); pos != std::string::npos;
       pos = text.find("voxgate_ai_errors_total{", pos + 1)) {
    ++series;
  }
  EXPECT_EQ(series, CallMetrics::kMaxAiErrorCodes + 1);  // + "other"
  EXPECT_NE(text.find("voxgate_ai_errors_total{code=\"code_0\"} 2"), std::string::npos);
  const auto others = 9 * CallMetrics::kMaxAiErrorCodes;
  EXPECT_NE(text.find("voxgate_ai_errors_total{code=\"other\"} " + std::to_string(others)),
            std::string::npos);
}

TEST(RateLimiter, AllowsBurstPerWindowAndCountsSuppressed) {
  RateLimiter rl(2, std::chrono::seconds(1));
  common::ManualClock clock;
  EXPECT_TRUE(rl.allow(clock.now()));
  EXPECT_TRUE(rl.allow(clock.now()));
  EXPECT_FALSE(rl.allow(clock.now()));
  EXPECT_FALSE(rl.allow(clock.now()));
  clock.advance(std::chrono::seconds(1));
  EXPECT_TRUE(rl.allow(clock.now()));
  EXPECT_EQ(rl.suppressed(), 2u);
}

TEST(Log, JsonEscapeHandlesControlCharacters) {
  EXPECT_EQ(json_escape("a\"b\n\x01"), "a\\\"b\\n\\u0001");
}

}  // namespace
}  // namespace voxgate::obs

namespace voxgate::obs {
namespace {

TEST(Log, JsonLinesAreValidObjectsWithCallFields) {
  ASSERT_TRUE(setup_logging(LogFormat::kJson, "info"));
  ::testing::internal::CaptureStderr();
  log(spdlog::level::info, {"CA1", "MZ\"1"}, "hello \"world\"");
  spdlog::info("plain line");
  spdlog::default_logger()->flush();
  const std::string out = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(setup_logging(LogFormat::kText, "info"));
  EXPECT_NE(out.find(R"("call_sid":"CA1","stream_sid":"MZ\"1","msg":"hello \"world\""})"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("level":"info","msg":"plain line"})"), std::string::npos) << out;
}

TEST(Log, UnknownLevelIsRefused) {
  EXPECT_FALSE(setup_logging(LogFormat::kText, "loud"));
}

}  // namespace
}  // namespace voxgate::obs
