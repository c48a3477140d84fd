// CallSession: the two ways the server side ends a call. A server shutdown
// (SIGTERM drains: live calls get a grace period to end by themselves, README
// "Running it for real") lets a call still live when the grace ends hear the
// fallback clip first; an operator's hang-up (POST /api/calls/{id}/hangup) ends the
// call at once.
#include <algorithm>

#include "call/call_session.hpp"

namespace voxgate::call {

void CallSession::on_shutdown(common::TimePoint now) {
  if (end_.ended()) return;
  const common::TimePoint deadline = now + config_.shutdown_clip_max_wait;
  if (end_.ending()) {
    // Already ending after a clip or a final mark: not later than a shutdown allows.
    end_.bound_deadline(deadline);
    return;
  }
  if (!caller_streaming()) {
    finish(now, EndReason::kShutdown);
    return;
  }
  // The AI leg goes first: nothing more may reach the caller after the clip.
  cut_holding();
  release_ai_leg(now, Greeting::EndCause::kCallEnded);
  end_.drop_hangup();  // the shutdown's own end replaces it
  // Queued AI audio is cut so the clip is heard now, not after it; the agent
  // turn is kept as far as the caller heard it (BEHAVIOUR 3 "cut").
  if (playback_.ai_audio_playing()) cut_transcript(now, cut_playback(now, false));
  event(CallEvent::Kind::kFallback, now, caller_.call_sid, "shutdown");
  std::string mark = next_control_mark("clip");
  sink_.play_clip(Clip::kFallback, mark);
  end_.end_on_mark(EndReason::kShutdown, std::move(mark), deadline);
}

void CallSession::on_hangup_requested(common::TimePoint now) {
  // Its own end reason, so records tell an operator's hang-up from a
  // server shutdown.
  finish(now, EndReason::kOperatorHangup);
}

}  // namespace voxgate::call
