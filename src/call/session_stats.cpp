#include "call/session_stats.hpp"

namespace voxgate::call {

uint64_t* SessionStats::counter(Metric m) {
  switch (m) {
    case Metric::kCallerFramesIn:
      return &caller_frames_in;
    case Metric::kAiAppendsOut:
      return &ai_appends_out;
    case Metric::kAiDeltasIn:
      return &ai_deltas_in;
    case Metric::kCallerMediaOut:
      return &caller_media_out;
    case Metric::kMarksOut:
      return &marks_out;
    case Metric::kDroppedCancelled:
      return &dropped_cancelled;
    case Metric::kDroppedLate:
      return &dropped_late;
    case Metric::kDroppedOverflow:
      return &dropped_overflow;
    case Metric::kDroppedNoAiLeg:
      return &dropped_no_ai_leg;
    case Metric::kBargeInLatencySeconds:
      return &barge_ins;
    case Metric::kCancels:
      return &cancels;
    case Metric::kTruncates:
      return &truncates;
    case Metric::kReconnects:
      return &reconnects;
    case Metric::kAiFailures:
      return &ai_failures;
    case Metric::kFallbacks:
      return &fallbacks;
    case Metric::kAiErrors:
      return &ai_errors;
    case Metric::kRejectedBeforeStart:
      return &rejected_before_start;
    case Metric::kRejectedDtmf:
      return &rejected_dtmf;
    case Metric::kDroppedDtmf:
      return &dropped_dtmf;
    case Metric::kDroppedRecordEvents:
      return &dropped_record_events;
    case Metric::kDroppedTurns:
      return &dropped_turns;
    case Metric::kDroppedPlayoutOverflow:
      return &dropped_playout_overflow;
    case Metric::kModelYieldedSeconds:
      return &model_yields;
    case Metric::kTurnLatencySeconds:
    case Metric::kFirstAudioSeconds:
    case Metric::kPlayoutAheadSeconds:
      return nullptr;
  }
  return nullptr;
}

}  // namespace voxgate::call
