#include "call/call_session.hpp"

#include <chrono>
#include <utility>

namespace voxgate::call {

namespace {
double seconds_between(common::TimePoint from, common::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}
}  // namespace

CallSession::CallSession(const SessionConfig& config, ActionSink& sink,
                         common::TimePoint created_at)
    : config_(config),
      sink_(sink),
      created_at_(created_at),
      cancelled_(config.cancelled_capacity, config.cancelled_max_age),
      playback_(config.mark_interval),
      greeting_(config.greeting),
      early_audio_(config.early_audio_max_frames),
      appends_(config.append_interval),
      last_ai_event_at_(created_at),
      silence_since_(created_at) {}

void CallSession::start(common::TimePoint now) {
  if (!accepting() || ai_leg_ != AiLeg::kIdle) return;
  // BEHAVIOUR 1: the AI leg is dialled as early as possible.
  ai_leg_ = AiLeg::kDialling;
  last_ai_event_at_ = now;
  sink_.open_ai_leg();
}

void CallSession::on_caller_start(common::TimePoint now, CallerStart start) {
  if (!accepting() || caller_streaming()) return;
  caller_ = std::move(start);
  if (caller_.stream_sid.empty()) caller_.stream_sid = "unknown";
  silence_since_ = now;
  event(CallEvent::Kind::kCallerStarted, now, caller_.call_sid, caller_.stream_sid);
  maybe_start_greeting(now);
}

void CallSession::on_caller_media(common::TimePoint now, std::string_view payload_b64,
                                  uint64_t /*timestamp_ms*/) {
  if (!accepting()) return;
  count(Metric::kCallerFramesIn);
  if (ai_leg_ == AiLeg::kReady) {
    appends_.add(now, payload_b64, [this](std::string_view b64) { send_append(b64); });
    return;
  }
  stash_appends();  // the leg went away with a batch half full
  if (ai_leg_ == AiLeg::kFailed) {
    count(Metric::kDroppedNoAiLeg);
    return;
  }
  // BEHAVIOUR 2: buffered (bounded) until the AI leg is ready.
  if (early_audio_.push(payload_b64)) count(Metric::kDroppedOverflow);
}

void CallSession::send_append(std::string_view payload_b64) {
  sink_.send_ai_append(payload_b64);
  count(Metric::kAiAppendsOut);
}

void CallSession::flush_appends(std::optional<common::TimePoint> due_at) {
  if (ai_leg_ != AiLeg::kReady) return;
  auto send = [this](std::string_view b64) { send_append(b64); };
  if (due_at) {
    appends_.flush_due(*due_at, send);
  } else {
    appends_.flush(send);
  }
}

// BEHAVIOUR 2: audio gathered for an AI leg that failed goes to the next leg,
// first (the early-audio buffer is empty while a leg is ready).
void CallSession::stash_appends() {
  if (auto batch = appends_.take()) {
    if (early_audio_.push(*batch)) count(Metric::kDroppedOverflow);
  }
}

void CallSession::on_caller_mark(common::TimePoint now, std::string_view name) {
  if (end_reason_) return;
  if (pending_end_) {
    if (name == pending_end_->mark) finish(now, pending_end_->reason);
    return;
  }
  auto echo = playback_.on_mark_echo(name, now);
  if (echo.counted && echo.item_final) {
    if (auto turn = transcript_.on_agent_audio_over(echo.item_id)) record_turn(now, *turn);
  }
  after_playback_change(now);
}

void CallSession::on_caller_dtmf(common::TimePoint now, std::string_view digit) {
  if (!accepting()) return;
  event(CallEvent::Kind::kDtmf, now, {}, std::string(digit));
  silence_since_ = now;
  silence_prompts_ = 0;
  if (ai_leg_ != AiLeg::kReady) return;
  flush_appends(std::nullopt);  // the audio before the key press reaches the AI first
  sink_.send_ai_item_text(Role::kUser, "The caller pressed " + std::string(digit));
  request_response(now, std::nullopt);
}

void CallSession::on_caller_stop(common::TimePoint now) {
  // BEHAVIOUR 4: close the AI leg, finalise; nothing more to the caller.
  finish(now, EndReason::kCallerHangup);
}

void CallSession::on_caller_closed(common::TimePoint now) {
  finish(now, EndReason::kCallerHangup);
}

void CallSession::on_tick(common::TimePoint now) {
  if (end_reason_) return;
  cancelled_.purge(now);  // BEHAVIOUR 3: purged on a timer too
  if (pending_end_) {
    if (now >= pending_end_->deadline) finish(now, pending_end_->reason);
    return;
  }
  if (config_.max_call_duration.count() > 0 && now - created_at_ >= config_.max_call_duration) {
    finish(now, EndReason::kMaxDuration);
    return;
  }
  if (greeting_.deadline_passed(now)) end_greeting(now, Greeting::EndCause::kDeadline);
  if (speech_started_at_ && now - *speech_started_at_ >= config_.min_barge_in_speech) {
    try_barge_in(now);
  }
  tick_ai_leg(now);
  if (!accepting()) return;
  flush_appends(now);  // bounds the batching delay when caller frames stop
  check_silence(now);
  if (!accepting()) return;
  maybe_finish_hangup(now);
}

void CallSession::count(Metric m, double value) {
  switch (m) {
    case Metric::kCallerFramesIn:
      ++stats_.caller_frames_in;
      break;
    case Metric::kAiAppendsOut:
      ++stats_.ai_appends_out;
      break;
    case Metric::kAiDeltasIn:
      ++stats_.ai_deltas_in;
      break;
    case Metric::kCallerMediaOut:
      ++stats_.caller_media_out;
      break;
    case Metric::kMarksOut:
      ++stats_.marks_out;
      break;
    case Metric::kDroppedCancelled:
      ++stats_.dropped_cancelled;
      break;
    case Metric::kDroppedLate:
      ++stats_.dropped_late;
      break;
    case Metric::kDroppedOverflow:
      ++stats_.dropped_overflow;
      break;
    case Metric::kDroppedNoAiLeg:
      ++stats_.dropped_no_ai_leg;
      break;
    case Metric::kBargeInLatencySeconds:
      ++stats_.barge_ins;
      break;
    case Metric::kCancels:
      ++stats_.cancels;
      break;
    case Metric::kTruncates:
      ++stats_.truncates;
      break;
    case Metric::kReconnects:
      ++stats_.reconnects;
      break;
    case Metric::kAiFailures:
      ++stats_.ai_failures;
      break;
    case Metric::kFallbacks:
      ++stats_.fallbacks;
      break;
    case Metric::kAiErrors:
      ++stats_.ai_errors;
      break;
    case Metric::kTurnLatencySeconds:
    case Metric::kFirstAudioSeconds:
      break;
  }
  sink_.metric(m, value);
}

void CallSession::event(CallEvent::Kind kind, common::TimePoint now, std::string id,
                        std::string text, double value) {
  CallEvent e;
  e.kind = kind;
  e.at = now;
  e.id = std::move(id);
  e.text = std::move(text);
  e.value = value;
  sink_.record(e);
}

void CallSession::send_mark(std::optional<std::string> name) {
  if (!name) return;
  sink_.send_caller_mark(*name);
  count(Metric::kMarksOut);
}

std::string CallSession::next_control_mark(std::string_view prefix) {
  return std::string(prefix) + std::to_string(next_control_mark_++);
}

void CallSession::request_response(common::TimePoint now, std::optional<std::string> instructions) {
  last_create_instructions_ = instructions;
  if (tools_.empty()) tools_.follow_up_sent();  // this response sees every output so far
  if (response_.busy()) {
    response_.defer(std::move(instructions));  // PROTOCOLS: avoid racing the active one
    return;
  }
  if (instructions) {
    sink_.send_ai_response_create(std::string_view(*instructions));
  } else {
    sink_.send_ai_response_create(std::nullopt);
  }
  response_.on_requested();
  last_ai_event_at_ = now;  // the watchdog waits from the request
}

void CallSession::maybe_start_greeting(common::TimePoint now) {
  // BEHAVIOUR 1: the AI speaks first once it is ready and the caller can hear.
  if (!greeting_.pending() || ai_leg_ != AiLeg::kReady || !caller_streaming()) return;
  if (response_.busy()) return;  // retried on response.done
  request_response(now, greeting_.instructions());
  greeting_.on_requested(now);
  event(CallEvent::Kind::kGreetingStarted, now);
}

void CallSession::end_greeting(common::TimePoint now, Greeting::EndCause cause) {
  if (greeting_.end(cause)) {
    event(CallEvent::Kind::kGreetingEnded, now, {}, std::string(to_string(cause)));
  }
}

void CallSession::after_playback_change(common::TimePoint now) {
  silence_since_ = now;  // the AI was just heard: caller silence counts from here
  // BEHAVIOUR 1: the greeting ends on its last mark.
  if (greeting_.draining() && !playback_.ai_audio_playing()) {
    end_greeting(now, Greeting::EndCause::kLastMark);
  }
  settle_transcript(now);
  maybe_finish_hangup(now);
}

void CallSession::record_turn(common::TimePoint now, const Turn& turn) {
  CallEvent e;
  e.kind = CallEvent::Kind::kTranscriptTurn;
  e.at = now;
  e.id = turn.item_id;
  e.text = turn.text;
  e.role = turn.role;
  e.interrupted = turn.interrupted;
  event(e);
}

void CallSession::settle_transcript(common::TimePoint now) {
  if (response_.busy() || playback_.ai_audio_playing()) return;
  for (const auto& turn : transcript_.flush()) record_turn(now, turn);
}

void CallSession::check_silence(common::TimePoint now) {
  if (config_.caller_silence_timeout.count() <= 0) return;
  bool ai_busy = response_.busy() || playback_.ai_audio_playing() || greeting_.active();
  if (ai_leg_ != AiLeg::kReady || ai_busy) {
    silence_since_ = now;
    return;
  }
  if (now - silence_since_ < config_.caller_silence_timeout) return;
  // BEHAVIOUR 4: an optional spoken prompt, then hang up.
  if (config_.silence_prompt && silence_prompts_ == 0) {
    silence_prompts_ = 1;
    silence_since_ = now;
    event(CallEvent::Kind::kSilencePrompt, now);
    request_response(now, config_.silence_prompt);
    return;
  }
  finish(now, EndReason::kCallerSilence);
}

void CallSession::finish(common::TimePoint now, EndReason reason) {
  if (end_reason_) return;
  for (const auto& turn : transcript_.flush()) record_turn(now, turn);
  end_greeting(now, Greeting::EndCause::kCallEnded);
  event(CallEvent::Kind::kCallEnded, now, {}, std::string(to_string(reason)),
        seconds_between(created_at_, now));
  end_reason_ = reason;
  speech_started_at_.reset();
  hangup_requested_at_.reset();
  pending_end_.reset();
  reconnect_.reset();
  early_audio_.clear();
  appends_.clear();
  // The AI leg is already closed after a fallback, or was never dialled.
  if (ai_leg_ != AiLeg::kFailed && ai_leg_ != AiLeg::kIdle) sink_.close_ai_leg();
  sink_.end_call(reason);
}

void CallSession::end_after_mark(common::TimePoint now, EndReason reason,
                                 common::Duration max_wait) {
  if (!caller_streaming()) {
    finish(now, reason);
    return;
  }
  // The caller leg echoes this mark once everything queued before it played.
  std::string name = next_control_mark("end");
  sink_.send_caller_mark(name);
  count(Metric::kMarksOut);
  pending_end_ = PendingEnd{reason, std::move(name), now + max_wait};
}

}  // namespace voxgate::call
