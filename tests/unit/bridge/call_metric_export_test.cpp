// The one mapping from the core's metrics to the process's Prometheus series.
#include "bridge/call_metric_export.hpp"

#include <gtest/gtest.h>

#include "obs/call_metrics.hpp"

namespace voxgate::bridge {
namespace {

uint64_t dropped(obs::MetricsRegistry& r, const std::string& reason) {
  return r.counter("voxgate_frames_dropped_total", "", "reason=\"" + reason + "\"").value();
}

TEST(CallMetricExport, DroppedAudioLandsUnderItsReason) {
  obs::MetricsRegistry registry;
  obs::CallMetrics m(registry);
  export_call_metric(m, call::Metric::kDroppedPlayoutOverflow, 1);
  export_call_metric(m, call::Metric::kDroppedPlayoutOverflow, 1);
  export_call_metric(m, call::Metric::kDroppedCancelled, 1);
  EXPECT_EQ(dropped(registry, "playout_ahead"), 2u);
  EXPECT_EQ(dropped(registry, "cancelled"), 1u);
  EXPECT_EQ(dropped(registry, "late"), 0u);
}

TEST(CallMetricExport, BargeInIsCountedAndObservedOnce) {
  obs::MetricsRegistry registry;
  obs::CallMetrics m(registry);
  export_call_metric(m, call::Metric::kBargeInLatencySeconds, 0.002);
  EXPECT_EQ(m.barge_ins.value(), 1u);
  const std::string text = registry.render_prometheus();
  EXPECT_NE(text.find("voxgate_barge_in_latency_seconds_count 1"), std::string::npos) << text;
}

TEST(CallMetricExport, RejectedCallerInputIsCountedByReason) {
  obs::MetricsRegistry registry;
  obs::CallMetrics m(registry);
  export_call_metric(m, call::Metric::kRejectedDtmf, 1);
  export_call_metric(m, call::Metric::kRejectedBeforeStart, 1);
  auto rejected = [&](const std::string& reason) {
    return registry
        .counter("voxgate_caller_messages_rejected_total", "", "reason=\"" + reason + "\"")
        .value();
  };
  EXPECT_EQ(rejected("bad_dtmf"), 1u);
  EXPECT_EQ(rejected("before_start"), 1u);
}

}  // namespace
}  // namespace voxgate::bridge
