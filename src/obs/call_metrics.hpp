#pragma once
// The process-wide metrics voxgate exports (issue: production metrics), bound
// once to a registry so the media path touches only atomics. Labelled
// families whose label values are open (end reason, error code) go through
// the registry's lookup, which happens once per call or per error, never per
// frame.

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_set>

#include "obs/metrics.hpp"

namespace voxgate::obs {

class CallMetrics {
 public:
  explicit CallMetrics(MetricsRegistry& r);

  MetricsRegistry& registry() { return r_; }

  Gauge& active_calls;
  Counter& frames_in;
  Counter& frames_out;
  Counter& dropped_cancelled;
  Counter& dropped_late;
  Counter& dropped_overflow;
  Counter& dropped_send_queue;  // a leg's write queue was full: the peer is not keeping up
  Counter& barge_ins;
  Counter& reconnects;
  Counter& fallbacks;
  Counter& bad_caller_messages;
  Counter& bad_ai_messages;
  Histogram& barge_in_latency;
  Histogram& turn_latency;
  Histogram& first_audio;
  Histogram& ai_connect;

  void call_ended(const std::string& reason);
  // `code` comes from the AI peer, so its label set is bounded: after
  // kMaxAiErrorCodes distinct codes, new ones are counted as "other" (the
  // registry never removes a child; a peer sending ever-new codes would
  // otherwise grow it and /metrics without limit).
  void ai_error(const std::string& code);
  static constexpr std::size_t kMaxAiErrorCodes = 64;
  // Issue 9: tool calls by tool and outcome (ok, timeout, http_error, ...).
  // `tool` must come from config (unknown names are counted as "unknown").
  void tool_call(const std::string& tool, const std::string& outcome);

 private:
  MetricsRegistry& r_;
  std::mutex ai_codes_mu_;
  std::unordered_set<std::string> ai_codes_;  // labels already in use
};

}  // namespace voxgate::obs
