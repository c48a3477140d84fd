#pragma once
// SessionStats: the counters of one CallSession, readable at any time
// (userver-style statistics), one per counting Metric. Owned by the session;
// the shell exports the same Metric stream to Prometheus.

#include <cstdint>

#include "call/call_event.hpp"

namespace voxgate::call {

struct SessionStats {
  uint64_t caller_frames_in = 0;
  uint64_t ai_appends_out = 0;
  uint64_t ai_deltas_in = 0;
  uint64_t caller_media_out = 0;
  uint64_t marks_out = 0;
  uint64_t dropped_cancelled = 0;
  uint64_t dropped_late = 0;
  uint64_t dropped_overflow = 0;
  uint64_t dropped_no_ai_leg = 0;
  uint64_t barge_ins = 0;
  uint64_t cancels = 0;
  uint64_t truncates = 0;
  uint64_t reconnects = 0;
  uint64_t ai_failures = 0;
  uint64_t fallbacks = 0;
  uint64_t ai_errors = 0;
  uint64_t rejected_before_start = 0;
  uint64_t rejected_dtmf = 0;
  uint64_t dropped_dtmf = 0;
  uint64_t dropped_record_events = 0;
  uint64_t dropped_turns = 0;
  uint64_t dropped_playout_overflow = 0;
  uint64_t model_yields = 0;  // model-managed barge-ins measured

  // One more of `m`; observations other than barge-in latency have no counter.
  void add(Metric m) {
    if (uint64_t* c = counter(m)) ++*c;
  }

 private:
  uint64_t* counter(Metric m);
};

}  // namespace voxgate::call
