// CallSession: inputs from the AI leg (BEHAVIOUR 1-3, PROTOCOLS.md Realtime).
#include <array>
#include <chrono>

#include "call/byte_count.hpp"
#include "call/call_session.hpp"

namespace voxgate::call {

namespace {
double seconds_between(common::TimePoint from, common::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

// PROTOCOLS.md: errors after which the session cannot work: no reconnect loop.
bool is_fatal_code(std::string_view code) {
  static constexpr std::array<std::string_view, 4> kFatal = {
      "invalid_api_key", "insufficient_quota", "account_deactivated", "billing_hard_limit_reached"};
  for (auto f : kFatal) {
    if (code == f) return true;
  }
  return false;
}
}  // namespace

void CallSession::on_ai_connected(common::TimePoint now) {
  if (!accepting()) return;
  if (ai_leg_ != AiLeg::kDialling && ai_leg_ != AiLeg::kReconnecting) return;
  last_ai_event_at_ = now;
  ai_leg_ = AiLeg::kConfiguring;
  sink_.configure_ai();  // BEHAVIOUR 1: one session.update
}

void CallSession::on_ai_session_updated(common::TimePoint now) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  if (ai_leg_ != AiLeg::kConfiguring) return;  // later updates change nothing
  ai_leg_ = AiLeg::kReady;
  if (reconnect_) restore_conversation(now);
  // BEHAVIOUR 2: early caller audio flushed in order.
  stash_appends();
  early_audio_.flush([this](std::string_view frame) { send_append(frame); });
  maybe_start_greeting(now);
  say_pending(now);  // after the greeting: request_response defers it
}

void CallSession::on_ai_speech_started(common::TimePoint now, std::string_view /*item_id*/) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  silence_since_ = now;
  silence_prompts_ = 0;
  speech_stopped_at_.reset();
  if (!speech_started_at_) speech_started_at_ = now;
  // BEHAVIOUR 3 "Echo and noise": wait for min_barge_in_speech (on tick).
  if (config_.min_barge_in_speech.count() <= 0) try_barge_in(now);
}

void CallSession::on_ai_speech_stopped(common::TimePoint now) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  silence_since_ = now;
  // Speech shorter than min_barge_in_speech never barges in.
  speech_started_at_.reset();
  speech_stopped_at_ = now;
}

void CallSession::on_ai_response_created(common::TimePoint now, std::string_view response_id) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  response_.on_created(response_id);
  greeting_.on_response_created(response_id);
}

void CallSession::on_ai_audio_delta(common::TimePoint now, std::string_view response_id,
                                    std::string_view item_id, std::string_view delta_b64) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  count(Metric::kAiDeltasIn);
  // BEHAVIOUR 3: no audio of a cancelled response reaches the caller.
  if (cancelled_.contains(response_id)) {
    count(Metric::kDroppedCancelled);
    return;
  }
  // BEHAVIOUR 5 bad input: audio for a response that is not the current one.
  if (!response_.is_current(response_id) || !caller_streaming()) {
    count(Metric::kDroppedLate);
    return;
  }
  forward_delta(now, item_id, delta_b64);
}

void CallSession::forward_delta(common::TimePoint now, std::string_view item_id,
                                std::string_view delta_b64) {
  // A new item: the previous one ends with its final mark (BEHAVIOUR 2).
  if (!playback_.last_item().empty() && playback_.last_item() != item_id) {
    send_mark(playback_.on_item_end(now));
  }
  sink_.send_caller_media(delta_b64);
  count(Metric::kCallerMediaOut);
  send_mark(playback_.on_sent(now, item_id, base64_decoded_size(delta_b64)));
  greeting_.on_audio_forwarded(now);
  if (!first_audio_at_) {
    first_audio_at_ = now;
    double s = seconds_between(created_at_, now);
    count(Metric::kFirstAudioSeconds, s);
    event(CallEvent::Kind::kFirstAudio, now, {}, {}, s);
  }
  if (speech_stopped_at_) {
    double s = seconds_between(*speech_stopped_at_, now);
    speech_stopped_at_.reset();
    count(Metric::kTurnLatencySeconds, s);
    event(CallEvent::Kind::kTurnLatency, now, {}, {}, s);
  }
}

void CallSession::on_ai_audio_done(common::TimePoint now, std::string_view response_id,
                                   std::string_view item_id) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  if (response_.is_current(response_id) && playback_.last_item() == item_id) {
    send_mark(playback_.on_item_end(now));
  }
}

void CallSession::on_ai_transcript_delta(common::TimePoint now, std::string_view response_id,
                                         std::string_view item_id, std::string_view delta) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  // Text streamed after a cancel was never heard (BEHAVIOUR 3.4).
  if (cancelled_.contains(response_id)) return;
  transcript_.on_agent_delta(item_id, delta);
}

void CallSession::on_ai_transcript_done(common::TimePoint now, std::string_view /*response_id*/,
                                        std::string_view item_id, std::string_view text) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  if (auto turn = transcript_.on_agent_text(item_id, text)) record_turn(now, *turn);
}

void CallSession::on_ai_input_transcript(common::TimePoint now, std::string_view item_id,
                                         std::string_view text) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  if (auto turn = transcript_.add_user(item_id, text)) record_turn(now, *turn);
}

void CallSession::on_ai_function_call(common::TimePoint now, std::string_view call_id,
                                      std::string_view name, std::string_view arguments) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  handle_function_call(now, call_id, name, arguments);  // call_session_tools.cpp
}

void CallSession::on_ai_response_done(common::TimePoint now, std::string_view response_id,
                                      ResponseStatus status) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  bool was_current = response_.is_current(response_id);
  if (!response_.on_done(response_id)) return;  // unknown id: nothing to change
  if (was_current) send_mark(playback_.on_item_end(now));
  if (greeting_.is_response(response_id)) greeting_.on_response_done();
  if (status == ResponseStatus::kFailed) {
    event(CallEvent::Kind::kAiError, now, std::string(response_id), "response failed");
  }
  if (auto deferred = response_.take_deferred()) request_response(now, deferred->instructions);
  maybe_follow_up(now);  // issue 9: tool outputs in and the response done
  maybe_start_greeting(now);
  after_playback_change(now);
}

void CallSession::on_ai_error(common::TimePoint now, std::string_view code,
                              std::string_view message) {
  if (!accepting()) return;
  last_ai_event_at_ = now;
  // PROTOCOLS.md: harmless, logged at debug level by the shell, never counted.
  if (code == "response_cancel_not_active" || code == "input_audio_buffer_commit_empty") return;
  event(CallEvent::Kind::kAiError, now, std::string(code), std::string(message));
  count(Metric::kAiErrors);
  if (is_fatal_code(code)) {
    fail_ai_leg(now, "fatal error: " + std::string(code), true);
    return;
  }
  if (code == "conversation_already_has_active_response") {
    // Our create raced another response: retry after that one is done.
    response_.defer(last_create_instructions_);
    return;
  }
  if (++ai_errors_ >= config_.ai_error_threshold) {
    fail_ai_leg(now, "too many AI errors", false);
  }
}

void CallSession::on_ai_leg_failed(common::TimePoint now, std::string_view reason, bool fatal) {
  if (!accepting()) return;
  fail_ai_leg(now, reason, fatal);
}

void CallSession::on_ai_reconnect_failed(common::TimePoint now) {
  if (!accepting() || !reconnect_) return;
  reconnect_attempt_failed(now);
}

}  // namespace voxgate::call
