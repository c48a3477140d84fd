#include "call/call_session.hpp"

#include <algorithm>
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
      early_audio_(config.early_audio_max_frames, config.early_audio_max_bytes),
      appends_(config.append_interval),
      transcript_(std::max<std::size_t>(config.restore_max_turns, 1)),
      dtmf_(config.dtmf_response_min_interval, config.dtmf_max_gathered),
      record_budget_({config.record_max_events, config.record_max_turns, config.record_max_dtmf}),
      ai_(config, created_at),
      silence_(config.caller_silence_timeout, config.silence_prompt.has_value(), created_at) {}

void CallSession::start(common::TimePoint now) {
  // BEHAVIOUR 1: the AI leg is dialled as early as possible.
  if (!accepting() || !ai_.dial(now)) return;
  sink_.open_ai_leg();
}

void CallSession::on_tick(common::TimePoint now) {
  if (end_.ended()) return;
  cancelled_.purge(now);  // BEHAVIOUR 3: purged on a timer too
  if (end_.ending()) {
    if (end_.deadline_passed(now)) finish(now, end_.ending_reason());
    return;
  }
  if (config_.max_call_duration.count() > 0 && now - created_at_ >= config_.max_call_duration) {
    finish(now, EndReason::kMaxDuration);
    return;
  }
  if (greeting_.deadline_passed(now)) end_greeting(now, Greeting::EndCause::kDeadline);
  if (turns_.barge_in_due(now, config_.min_barge_in_speech)) try_barge_in(now);
  tick_ai_leg(now);
  if (!accepting()) return;
  flush_appends(now);  // bounds the batching delay when caller frames stop
  send_due_dtmf(now);
  check_silence(now);
  if (!accepting()) return;
  maybe_finish_hangup(now);
}

void CallSession::count(Metric m, double value) {
  stats_.add(m);
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
  event(e);
}

// BEHAVIOUR 5 bounds, BEHAVIOUR 6: what the record cannot take is counted.
void CallSession::event(const CallEvent& e) {
  switch (record_budget_.admit(e.kind)) {
    case RecordBudget::Verdict::kRecord:
      sink_.record(e);
      return;
    case RecordBudget::Verdict::kDroppedEvent:
      count(Metric::kDroppedRecordEvents);
      return;
    case RecordBudget::Verdict::kDroppedTurn:
      count(Metric::kDroppedTurns);
      return;
  }
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
  response_.remember_request(instructions);
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
  response_.on_requested(std::move(instructions));
  ai_.on_ai_event(now);  // the watchdog waits from the request
}

void CallSession::maybe_start_greeting(common::TimePoint now) {
  // BEHAVIOUR 1: the AI speaks first once it is ready and the caller can hear.
  if (!greeting_.pending() || !ai_.ready() || !caller_streaming()) return;
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
  silence_.on_heard(now);  // the AI was just heard: caller silence counts from here
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
  // Caller silence counts only while the AI leg is ready and the AI is silent.
  bool ai_busy = response_.busy() || playback_.ai_audio_playing() || greeting_.active();
  switch (silence_.check(now, ai_.ready() && !ai_busy)) {
    case SilenceGuard::Verdict::kWait:
      return;
    case SilenceGuard::Verdict::kPrompt:
      // BEHAVIOUR 4: an optional spoken prompt, then hang up.
      event(CallEvent::Kind::kSilencePrompt, now);
      request_response(now, config_.silence_prompt);
      return;
    case SilenceGuard::Verdict::kEnd:
      finish(now, EndReason::kCallerSilence);
      return;
  }
}

void CallSession::finish(common::TimePoint now, EndReason reason) {
  if (end_.ended()) return;
  for (const auto& turn : transcript_.flush()) record_turn(now, turn);
  end_greeting(now, Greeting::EndCause::kCallEnded);
  event(CallEvent::Kind::kCallEnded, now, {}, std::string(to_string(reason)),
        seconds_between(created_at_, now));
  end_.finish(reason);
  // The AI leg is already closed after a fallback, or was never dialled.
  release_ai_leg(now, Greeting::EndCause::kCallEnded);
  sink_.end_call(reason);
}

void CallSession::release_ai_leg(common::TimePoint now, Greeting::EndCause cause) {
  if (ai_.close()) sink_.close_ai_leg();
  reset_response_state();
  end_greeting(now, cause);
  early_audio_.clear();
  appends_.clear();
}

void CallSession::reset_response_state() {
  response_.reset();
  turns_.reset();
}

CallSession::Cut CallSession::cut_playback(common::TimePoint now, bool tell_ai) {
  // Everything is computed before the first action so the steps go out back
  // to back, in order, within this one call (BEHAVIOUR 3).
  Cut cut;
  cut.item = playback_.last_item();
  cut.heard_ms = cut.item.empty() ? 0 : playback_.heard_ms(cut.item, now);
  cut.sent_ms = cut.item.empty() ? 0 : playback_.sent_ms(cut.item);
  const bool in_progress = response_.in_progress();
  // 1. clear the caller's queued AI audio.
  sink_.send_caller_clear();
  playback_.on_clear(now);
  if (!tell_ai) return cut;
  // 2. cancel only an active response, and remember it as cancelled.
  if (in_progress) {
    sink_.send_ai_cancel(response_.id());
    cancelled_.insert(response_.id(), now);
    event(CallEvent::Kind::kCancel, now, response_.id());
    response_.on_cancelled();
    count(Metric::kCancels);
  }
  // 3. truncate the playing item at what the caller heard (<= audio sent).
  if (!cut.item.empty()) {
    sink_.send_ai_truncate(cut.item, cut.heard_ms);
    event(CallEvent::Kind::kTruncate, now, cut.item, {}, static_cast<double>(cut.heard_ms));
    count(Metric::kTruncates);
  }
  // 4. dropping until response.done: the registry drops that response's deltas.
  return cut;
}

// The agent turn is kept as far as the caller heard it (BEHAVIOUR 6).
void CallSession::cut_transcript(common::TimePoint now, const Cut& cut) {
  if (cut.item.empty()) return;
  if (auto turn = transcript_.on_agent_cut(cut.item, cut.heard_ms, cut.sent_ms)) {
    record_turn(now, *turn);
  }
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
  end_.end_on_mark(reason, std::move(name), now + max_wait);
}

}  // namespace voxgate::call
