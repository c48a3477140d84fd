// CallSession: the two ways the server side ends a call. Server shutdown
// (issue 6 item 8) lets the caller hear the fallback clip first; an
// operator's hang-up (POST /api/calls/{id}/hangup) ends the call at once.
#include <algorithm>

#include "call/call_session.hpp"

namespace voxgate::call {

void CallSession::on_shutdown(common::TimePoint now) {
  if (end_reason_) return;
  const common::TimePoint deadline = now + config_.shutdown_clip_max_wait;
  if (pending_end_) {
    // Already ending after a clip or a final mark: not later than a shutdown allows.
    pending_end_->deadline = std::min(pending_end_->deadline, deadline);
    return;
  }
  if (!caller_streaming()) {
    finish(now, EndReason::kShutdown);
    return;
  }
  // The AI leg goes first: nothing more may reach the caller after the clip.
  if (ai_leg_ != AiLeg::kFailed && ai_leg_ != AiLeg::kIdle) sink_.close_ai_leg();
  ai_leg_ = AiLeg::kFailed;
  reconnect_.reset();
  response_.reset();
  early_audio_.clear();
  appends_.clear();
  speech_started_at_.reset();
  hangup_requested_at_.reset();
  // Queued AI audio is cut so the clip is heard now, not after it; the agent
  // turn is kept as far as the caller heard it (BEHAVIOUR 3 "cut").
  if (playback_.ai_audio_playing()) {
    const std::string item = playback_.last_item();
    const int64_t heard_ms = item.empty() ? 0 : playback_.heard_ms(item, now);
    const int64_t sent_ms = item.empty() ? 0 : playback_.sent_ms(item);
    sink_.send_caller_clear();
    playback_.on_clear(now);
    if (!item.empty()) {
      if (auto turn = transcript_.on_agent_cut(item, heard_ms, sent_ms)) record_turn(now, *turn);
    }
  }
  end_greeting(now, Greeting::EndCause::kCallEnded);
  event(CallEvent::Kind::kFallback, now, caller_.call_sid, "shutdown");
  std::string mark = next_control_mark("clip");
  sink_.play_clip(Clip::kFallback, mark);
  pending_end_ = PendingEnd{EndReason::kShutdown, std::move(mark), deadline};
}

void CallSession::on_hangup_requested(common::TimePoint now) {
  // Its own end reason, so records tell an operator's hang-up from a
  // server shutdown.
  finish(now, EndReason::kOperatorHangup);
}

}  // namespace voxgate::call
