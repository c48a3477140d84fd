// CallSession: barge-in (BEHAVIOUR 3), agent hang-up (BEHAVIOUR 4) and the one
// AI-leg failure path (BEHAVIOUR 5).
#include <chrono>

#include "call/call_session.hpp"

namespace voxgate::call {

void CallSession::try_barge_in(common::TimePoint now) {
  common::TimePoint started = speech_started_at_.value_or(now);
  speech_started_at_.reset();
  bool in_progress = response_.in_progress();
  if (!in_progress && !playback_.ai_audio_playing()) return;
  // BEHAVIOUR 1: the greeting may be cut only when interruptible, after min play.
  if (!greeting_.may_barge_in(now)) return;

  // Everything is computed before the first action so the four steps go out
  // back to back, in order, within this one call.
  std::string item = playback_.last_item();
  int64_t heard_ms = item.empty() ? 0 : playback_.heard_ms(item, now);
  int64_t sent_ms = item.empty() ? 0 : playback_.sent_ms(item);

  // 1. clear the caller's queued AI audio.
  sink_.send_caller_clear();
  playback_.on_clear(now);
  // 2. cancel only an active response, and remember it as cancelled.
  if (in_progress) {
    sink_.send_ai_cancel(response_.id());
    cancelled_.insert(response_.id(), now);
    event(CallEvent::Kind::kCancel, now, response_.id());
    response_.on_cancelled();
    count(Metric::kCancels);
  }
  // 3. truncate the playing item at what the caller heard (<= audio sent).
  if (!item.empty()) {
    sink_.send_ai_truncate(item, heard_ms);
    event(CallEvent::Kind::kTruncate, now, item, {}, static_cast<double>(heard_ms));
    count(Metric::kTruncates);
  }
  // 4. dropping until response.done: the registry drops that response's deltas.

  double latency = std::chrono::duration<double>(now - started).count();
  event(CallEvent::Kind::kBargeIn, now, {}, {}, latency);
  count(Metric::kBargeInLatencySeconds, latency);
  end_greeting(now, Greeting::EndCause::kBargeIn);
  if (!item.empty()) {
    if (auto turn = transcript_.on_agent_cut(item, heard_ms, sent_ms)) record_turn(now, *turn);
  }
}

void CallSession::maybe_finish_hangup(common::TimePoint now) {
  if (!hangup_requested_at_ || !accepting()) return;
  // BEHAVIOUR 4: wait for the greeting, the response and its final mark.
  bool waiting = greeting_.active() || response_.busy() || playback_.ai_audio_playing();
  if (waiting && now - *hangup_requested_at_ < config_.hangup_max_wait) return;
  finish(now, hangup_reason());
}

void CallSession::fail_ai_leg(common::TimePoint now, std::string_view reason, bool fatal) {
  if (ai_leg_ == AiLeg::kFailed) return;
  if (reconnect_) {
    // Already recovering: this is one more failed attempt, not a new failure.
    if (fatal) {
      fall_back(now, reason);
    } else {
      reconnect_attempt_failed(now);
    }
    return;
  }
  // 1. once, with the reason.
  event(CallEvent::Kind::kAiLegFatal, now, caller_.call_sid, std::string(reason));
  count(Metric::kAiFailures);
  // 2. reset every per-response state; the queued audio still plays out but
  // its marks no longer count. A greeting never requested is not over: the
  // next leg says it (BEHAVIOUR 1), else the caller hears the holding prompt
  // and then silence.
  if (!greeting_.pending()) end_greeting(now, Greeting::EndCause::kFailure);
  response_.reset();
  playback_.on_clear(now);
  speech_started_at_.reset();
  speech_stopped_at_.reset();
  ai_errors_ = 0;
  tools_.clear();  // the new AI leg never saw these call ids
  for (const auto& turn : transcript_.flush()) record_turn(now, turn);
  if (hangup_requested_at_) {
    // A pending hang-up is still honoured: end once the queued audio played.
    sink_.close_ai_leg();
    ai_leg_ = AiLeg::kFailed;
    end_after_mark(now, hangup_reason(), config_.hangup_max_wait);
    return;
  }
  if (fatal) {
    fall_back(now, reason);
    return;
  }
  // 3. reconnect within the budget while the caller hears a holding prompt.
  sink_.close_ai_leg();
  reconnect_ = Reconnect{1, now, std::nullopt};
  ai_leg_ = AiLeg::kReconnecting;
  if (caller_streaming()) sink_.play_clip(Clip::kHolding, next_control_mark("clip"));
  event(CallEvent::Kind::kReconnectAttempt, now, {}, {}, 1);
  sink_.open_ai_leg();
}

void CallSession::reconnect_attempt_failed(common::TimePoint now) {
  if (reconnect_->attempts >= config_.reconnect_max_attempts ||
      now - reconnect_->started >= config_.reconnect_budget) {
    fall_back(now, "reconnect budget exhausted");
    return;
  }
  ai_leg_ = AiLeg::kReconnecting;
  reconnect_->next_dial_at = now + config_.reconnect_backoff * reconnect_->attempts;
}

void CallSession::tick_ai_leg(common::TimePoint now) {
  if (reconnect_) {
    if (now - reconnect_->started >= config_.reconnect_budget) {
      fall_back(now, "reconnect budget exhausted");
      return;
    }
    if (reconnect_->next_dial_at && now >= *reconnect_->next_dial_at) {
      reconnect_->next_dial_at.reset();
      ++reconnect_->attempts;
      event(CallEvent::Kind::kReconnectAttempt, now, {}, {},
            static_cast<double>(reconnect_->attempts));
      sink_.open_ai_leg();
    }
    return;
  }
  // Watchdog: no AI event for N seconds while one is owed (a response, or
  // the connect/configure handshake).
  bool owed = response_.expected() || ai_leg_ == AiLeg::kDialling || ai_leg_ == AiLeg::kConfiguring;
  if (owed && now - last_ai_event_at_ >= config_.ai_watchdog) {
    fail_ai_leg(now, "ai watchdog: no event", false);
  }
}

void CallSession::restore_conversation(common::TimePoint now) {
  // BEHAVIOUR 5.3: instructions come with configure_ai(); the transcript so
  // far becomes conversation items.
  const auto& turns = transcript_.turns();
  std::size_t first =
      turns.size() > config_.restore_max_turns ? turns.size() - config_.restore_max_turns : 0;
  for (std::size_t i = first; i < turns.size(); ++i) {
    if (!turns[i].text.empty()) sink_.send_ai_item_text(turns[i].role, turns[i].text);
  }
  event(CallEvent::Kind::kReconnected, now, {}, {}, static_cast<double>(reconnect_->attempts));
  count(Metric::kReconnects);
  reconnect_.reset();
  last_ai_event_at_ = now;
  // The caller spoke last and got no answer: let the AI answer now.
  if (!turns.empty() && turns.back().role == Role::kUser) request_response(now, std::nullopt);
}

void CallSession::fall_back(common::TimePoint now, std::string_view reason) {
  // BEHAVIOUR 5.4-5: fallback audio needs no AI; the call then ends cleanly.
  ai_leg_ = AiLeg::kFailed;
  reconnect_.reset();
  response_.reset();
  early_audio_.clear();
  appends_.clear();
  end_greeting(now, Greeting::EndCause::kFailure);
  sink_.close_ai_leg();
  event(CallEvent::Kind::kFallback, now, caller_.call_sid, std::string(reason));
  count(Metric::kFallbacks);
  if (!caller_streaming()) {
    finish(now, EndReason::kAiFailure);
    return;
  }
  std::string mark = next_control_mark("clip");
  sink_.play_clip(Clip::kFallback, mark);
  pending_end_ = PendingEnd{EndReason::kAiFailure, std::move(mark), now + config_.clip_deadline};
}

}  // namespace voxgate::call
