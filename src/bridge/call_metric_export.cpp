#include "bridge/call_metric_export.hpp"

namespace voxgate::bridge {

void export_call_metric(obs::CallMetrics& m, call::Metric kind, double value) {
  switch (kind) {
    case call::Metric::kCallerFramesIn:
      return m.frames_in.inc();
    case call::Metric::kCallerMediaOut:
      return m.frames_out.inc();
    case call::Metric::kDroppedCancelled:
      return m.dropped_cancelled.inc();
    case call::Metric::kDroppedLate:
      return m.dropped_late.inc();
    case call::Metric::kDroppedOverflow:
      return m.dropped_overflow.inc();
    case call::Metric::kDroppedPlayoutOverflow:
      return m.dropped_playout.inc();
    case call::Metric::kBargeInLatencySeconds:
      // BEHAVIOUR 3: one figure, the core's: caller speech reported to clear.
      m.barge_ins.inc();
      return m.barge_in_latency.observe(value);
    case call::Metric::kModelYieldedSeconds:
      // BEHAVIOUR 3 "Model-managed": caller speech onset to AI output quiet.
      return m.barge_in_model_managed.observe(value);
    case call::Metric::kPlayoutAheadSeconds:
      return m.playout_ahead.observe(value);
    case call::Metric::kTurnLatencySeconds:
      return m.turn_latency.observe(value);
    case call::Metric::kFirstAudioSeconds:
      return m.first_audio.observe(value);
    case call::Metric::kReconnects:
      return m.reconnects.inc();
    case call::Metric::kFallbacks:
      return m.fallbacks.inc();
    case call::Metric::kRejectedBeforeStart:
      return m.caller_rejected("before_start");
    case call::Metric::kRejectedDtmf:
      return m.caller_rejected("bad_dtmf");
    case call::Metric::kDroppedDtmf:
      return m.caller_rejected("dtmf_over_bound");
    case call::Metric::kDroppedRecordEvents:
      return m.record_entries_dropped("event");
    case call::Metric::kDroppedTurns:
      return m.record_entries_dropped("turn");
    default:
      return;  // the rest are per-session stats only
  }
}

}  // namespace voxgate::bridge
