#pragma once
// The one place a call-core metric (call::Metric) becomes a process metric
// (obs::CallMetrics), as userver exports a component's statistics in one
// writer (STYLE.md "One exporter for statistics"). The core's own per-call
// counts (SessionStats) are not this: they stay in the session. Thread-safe
// (the process metrics are).

#include "call/call_event.hpp"
#include "obs/call_metrics.hpp"

namespace voxgate::bridge {

void export_call_metric(obs::CallMetrics& metrics, call::Metric kind, double value);

}  // namespace voxgate::bridge
