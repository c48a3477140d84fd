// CallSession: inputs from the caller leg (BEHAVIOUR 0, 2, 4) and the ends the
// shell reports (BEHAVIOUR 5, last paragraph). Every end goes through finish().
#include <utility>

#include "call/call_session.hpp"

namespace voxgate::call {

void CallSession::on_caller_start(common::TimePoint now, CallerStart start) {
  if (!accepting() || caller_streaming()) return;
  caller_ = std::move(start);
  if (caller_.stream_sid.empty()) caller_.stream_sid = "unknown";
  if (caller_.audio_bytes_per_ms <= 0) caller_.audio_bytes_per_ms = kMulawBytesPerMs;
  playback_.set_bytes_per_ms(caller_.audio_bytes_per_ms);
  appends_.set_bytes_per_ms(caller_.audio_bytes_per_ms);
  silence_.on_heard(now);
  event(CallEvent::Kind::kCallerStarted, now, caller_.call_sid, caller_.stream_sid);
  maybe_start_greeting(now);
}

// BEHAVIOUR 0: nothing is buffered, forwarded or recorded for a stream whose
// start has not arrived; the message is a counted rejection. The shell checks
// admission first; this is the core's own guard.
bool CallSession::admitted() {
  if (caller_streaming()) return true;
  count(Metric::kRejectedBeforeStart);
  return false;
}

void CallSession::on_caller_media(common::TimePoint now, std::string_view payload_b64,
                                  uint64_t /*timestamp_ms*/) {
  if (!accepting() || !admitted()) return;
  count(Metric::kCallerFramesIn);
  if (ai_.ready()) {
    appends_.add(now, payload_b64, [this](std::string_view b64) { send_append(b64); });
    return;
  }
  stash_appends();  // the leg went away with a batch half full
  if (ai_.state() == AiLegLifecycle::State::kFailed) {
    count(Metric::kDroppedNoAiLeg);
    return;
  }
  // BEHAVIOUR 2: buffered (bounded) until the AI leg is ready.
  early_audio_push(payload_b64);
}

void CallSession::send_append(std::string_view payload_b64) {
  sink_.send_ai_append(payload_b64);
  count(Metric::kAiAppendsOut);
}

void CallSession::flush_appends(std::optional<common::TimePoint> due_at) {
  if (!ai_.ready()) return;
  auto send = [this](std::string_view b64) { send_append(b64); };
  if (due_at) {
    appends_.flush_due(*due_at, send);
  } else {
    appends_.flush(send);
  }
}

// BEHAVIOUR 2: audio gathered for an AI leg that failed goes to the next leg,
// first (the early-audio buffer is empty while a leg is ready). The batcher
// itself is bounded: it sends once it holds append_interval of audio.
void CallSession::stash_appends() {
  if (auto batch = appends_.take()) early_audio_push(*batch);
}

void CallSession::early_audio_push(std::string_view payload_b64) {
  for (std::size_t n = early_audio_.push(payload_b64); n > 0; --n) {
    count(Metric::kDroppedOverflow);
  }
}

void CallSession::on_caller_mark(common::TimePoint now, std::string_view name) {
  if (end_.ended() || !admitted()) return;
  if (end_.ending()) {
    if (end_.is_end_mark(name)) finish(now, end_.ending_reason());
    return;
  }
  if (ai_.is_holding_mark(name)) {
    play_holding(now);  // BEHAVIOUR 5.3: repeated until the leg is back
    return;
  }
  auto echo = playback_.on_mark_echo(name, now);
  if (echo.counted && echo.item_final) {
    if (auto turn = transcript_.on_agent_audio_over(echo.item_id)) record_turn(now, *turn);
  }
  after_playback_change(now);
}

void CallSession::on_caller_dtmf(common::TimePoint now, std::string_view digit) {
  if (!accepting() || !admitted()) return;
  // BEHAVIOUR 5 bad input: a counted rejection of that one message.
  if (!DtmfGate::valid(digit)) {
    count(Metric::kRejectedDtmf);
    return;
  }
  event(CallEvent::Kind::kDtmf, now, {}, std::string(digit));
  silence_.on_caller_active(now);
  if (!dtmf_.press(digit[0])) count(Metric::kDroppedDtmf);
  send_due_dtmf(now);
}

void CallSession::send_due_dtmf(common::TimePoint now) {
  if (!ai_.ready() || !accepting()) return;
  auto text = dtmf_.take_due(now);
  if (!text) return;
  flush_appends(std::nullopt);  // the audio before the key press reaches the AI first
  sink_.send_ai_item_text(Role::kUser, *text);
  request_response(now, std::nullopt);
}

void CallSession::on_caller_stop(common::TimePoint now) {
  // BEHAVIOUR 4: close the AI leg, finalise; nothing more to the caller.
  finish(now, EndReason::kCallerHangup);
}

void CallSession::on_caller_closed(common::TimePoint now) {
  finish(now, EndReason::kCallerHangup);
}

void CallSession::on_caller_stalled(common::TimePoint now) {
  finish(now, EndReason::kCallerStalled);
}

void CallSession::on_shell_error(common::TimePoint now, std::string_view where) {
  if (end_.ended()) return;
  event(CallEvent::Kind::kShellError, now, {}, std::string(where));
  finish(now, EndReason::kInternalError);
}

}  // namespace voxgate::call
