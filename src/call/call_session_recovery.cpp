// CallSession: barge-in (BEHAVIOUR 3), agent hang-up (BEHAVIOUR 4) and the one
// AI-leg failure path (BEHAVIOUR 5).
#include <chrono>
#include <utility>

#include "call/call_session.hpp"

namespace voxgate::call {

void CallSession::try_barge_in(common::TimePoint now) {
  common::TimePoint started = turns_.take_speech_start(now);
  // BEHAVIOUR 3, model-managed: the model listens while it speaks and yields
  // by itself; a clear would delete audio it believes was heard, and there is
  // nothing to cancel or truncate.
  if (model_managed()) return;
  if (!response_.in_progress() && !playback_.ai_audio_playing()) return;
  // BEHAVIOUR 1: the greeting may be cut only when interruptible, after min play.
  if (!greeting_.may_barge_in(now)) return;

  // BEHAVIOUR 3 (client-managed): clear, cancel, truncate, back to back.
  const Cut cut = cut_playback(now, true);
  double latency = std::chrono::duration<double>(now - started).count();
  event(CallEvent::Kind::kBargeIn, now, {}, {}, latency);
  count(Metric::kBargeInLatencySeconds, latency);
  end_greeting(now, Greeting::EndCause::kBargeIn);
  cut_transcript(now, cut);
}

void CallSession::maybe_finish_hangup(common::TimePoint now) {
  if (!end_.hangup_pending() || !accepting()) return;
  // BEHAVIOUR 4: wait for the greeting, the response and its final mark.
  bool waiting = greeting_.active() || response_.busy() || playback_.ai_audio_playing();
  if (waiting && !end_.hangup_wait_over(now, config_.hangup_max_wait)) return;
  finish(now, end_.hangup_reason());
}

void CallSession::fail_ai_leg(common::TimePoint now, std::string_view reason, bool fatal) {
  if (ai_.state() == AiLeg::kFailed) return;
  if (ai_.recovering()) {
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
  std::optional<OwedResponse> owed = owed_response();  // before the reset below
  // 2. reset every per-response state; the queued audio still plays out but
  // its marks no longer count. A greeting never requested is not over: the
  // next leg says it (BEHAVIOUR 1), else the caller hears the holding prompt
  // and then silence.
  if (!greeting_.pending()) end_greeting(now, Greeting::EndCause::kFailure);
  reset_response_state();
  playback_.on_clear(now);
  ai_.on_failure(now);
  tools_.clear();  // the new AI leg never saw these call ids
  for (const auto& turn : transcript_.flush()) record_turn(now, turn);
  if (end_.hangup_pending()) {
    // A pending hang-up is still honoured: end once the queued audio played.
    ai_.close();
    sink_.close_ai_leg();
    end_after_mark(now, end_.hangup_reason(), config_.hangup_max_wait);
    return;
  }
  if (fatal) {
    fall_back(now, reason);
    return;
  }
  // 3. reconnect within the budget while the caller hears a holding prompt.
  sink_.close_ai_leg();
  if (!ai_.start_reconnect(now, std::move(owed))) {
    fall_back(now, "reconnect budget exhausted");
    return;
  }
  play_holding(now);
  event(CallEvent::Kind::kReconnectAttempt, now, {}, {}, ai_.attempts());
  sink_.open_ai_leg();
}

void CallSession::reconnect_attempt_failed(common::TimePoint now) {
  // BEHAVIOUR 5.3: jittered exponential backoff; the holding clip keeps playing.
  if (ai_.attempt_failed(now) == AiLegLifecycle::Attempt::kExhausted) {
    fall_back(now, "reconnect budget exhausted");
  }
}

// BEHAVIOUR 5.3: the caller hears the holding prompt, repeated until the leg
// is back or the budget ends, never silence between tries.
void CallSession::play_holding(common::TimePoint now) {
  if (!ai_.recovering() || !caller_streaming()) return;
  std::string mark = next_control_mark("clip");
  sink_.play_clip(Clip::kHolding, mark);
  ai_.holding_started(std::move(mark), now + config_.clip_deadline);
}

// voxgate itself cuts the holding prompt (BEHAVIOUR 3: clear is for audio
// voxgate cuts): what the AI or the fallback says next is heard at once.
void CallSession::cut_holding() {
  if (ai_.cut_holding()) sink_.send_caller_clear();
}

void CallSession::tick_ai_leg(common::TimePoint now) {
  if (ai_.recovering()) {
    if (ai_.budget_spent(now)) {
      fall_back(now, "reconnect budget exhausted");
      return;
    }
    // A holding clip whose mark never echoed counts as played.
    if (ai_.holding_overdue(now)) play_holding(now);
    if (ai_.redial_due(now)) {
      event(CallEvent::Kind::kReconnectAttempt, now, {}, {}, static_cast<double>(ai_.attempts()));
      sink_.open_ai_leg();
    }
    return;
  }
  // BEHAVIOUR 5 watchdog: no AI event for ai_watchdog while one is owed: a
  // response requested or in progress, the caller's committed turn, or the
  // connect/configure handshake (AiLegLifecycle). A model-managed leg owes
  // events all the time: its output is one continuous stream, silence
  // included (BEHAVIOUR 3, PROTOCOLS-LIVE 5), so a leg that goes quiet has
  // stalled, and waiting for the 5 s pong left the caller in silence ~6.7 s
  // (LiveCallTest.StalledSessionIsCaughtByTheWatchdogAndReplaced).
  if (ai_.watchdog_expired(now, response_.expected() || model_managed())) {
    fail_ai_leg(now, "ai watchdog: no event", false);
  }
}

// BEHAVIOUR 5 "a call never goes silent": what the AI owed the caller when
// its leg failed. Measured before this rule: a caller who waited after a
// mid-response failure heard nothing for 6 s+ after the reconnect, until they
// spoke again.
std::optional<OwedResponse> CallSession::owed_response() const {
  // An unfinished greeting is asked for again with its own instructions, as
  // an ordinary response: BEHAVIOUR 1 ends the greeting state on any failure
  // (so no deferred hang-up, barge-in as for any response), but the caller
  // must still be greeted rather than wait in silence. A greeting whose
  // output was complete (it is still playing out of the caller's queue) or
  // never requested (pending: the next leg greets anyway) owes nothing here.
  const auto g = greeting_.state();
  if (g == Greeting::State::kRequested ||
      (g == Greeting::State::kPlaying && response_.unfinished())) {
    return OwedResponse{greeting_.instructions()};
  }
  // A create waiting for the active response (say, DTMF, a tool follow-up) is
  // the newest request and covers the one in progress.
  if (const auto& deferred = response_.deferred()) return OwedResponse{deferred->instructions};
  // A response cut off mid-way: asked for again with its instructions (a
  // supervisor's "say" must still be said); the restored transcript tells
  // the model what was already said.
  if (response_.unfinished()) return OwedResponse{response_.instructions()};
  // The caller's committed turn, not yet answered (server VAD owes the
  // response; the new leg never heard that audio, the model answers from the
  // restored transcript).
  if (ai_.turn_owed()) return OwedResponse{std::nullopt};
  return std::nullopt;  // between turns: nothing owed, no spurious response
}

// The last restore_max_turns turns of the transcript, oldest first.
void CallSession::send_history() {
  const auto& turns = transcript_.turns();
  std::size_t first =
      turns.size() > config_.restore_max_turns ? turns.size() - config_.restore_max_turns : 0;
  for (std::size_t i = first; i < turns.size(); ++i) {
    if (!turns[i].text.empty()) sink_.send_ai_item_text(turns[i].role, turns[i].text);
  }
}

void CallSession::restore_conversation(common::TimePoint now) {
  // BEHAVIOUR 5.3: instructions come with configure_ai(); the transcript so
  // far becomes conversation items (model-managed: sent before configure_ai()).
  if (!model_managed()) send_history();
  const auto& turns = transcript_.turns();
  event(CallEvent::Kind::kReconnected, now, {}, {}, static_cast<double>(ai_.attempts()));
  count(Metric::kReconnects);
  cut_holding();
  std::optional<OwedResponse> owed = ai_.restored(now);
  if (owed) {
    request_response(now, std::move(owed->instructions));
  } else if (!turns.empty() && turns.back().role == Role::kUser) {
    // The caller spoke last and got no answer: let the AI answer now.
    request_response(now, std::nullopt);
  }
}

void CallSession::fall_back(common::TimePoint now, std::string_view reason) {
  // BEHAVIOUR 5.4-5: fallback audio needs no AI; the call then ends cleanly.
  cut_holding();
  release_ai_leg(now, Greeting::EndCause::kFailure);
  event(CallEvent::Kind::kFallback, now, caller_.call_sid, std::string(reason));
  count(Metric::kFallbacks);
  if (!caller_streaming()) {
    finish(now, EndReason::kAiFailure);
    return;
  }
  std::string mark = next_control_mark("clip");
  sink_.play_clip(Clip::kFallback, mark);
  end_.end_on_mark(EndReason::kAiFailure, std::move(mark), now + config_.clip_deadline);
}

}  // namespace voxgate::call
