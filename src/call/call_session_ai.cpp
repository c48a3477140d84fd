// CallSession: inputs from the AI leg (BEHAVIOUR 1-3, PROTOCOLS.md Realtime).
#include "call/ai_error_codes.hpp"
#include "call/byte_count.hpp"
#include "call/call_session.hpp"

namespace voxgate::call {

void CallSession::on_ai_connected(common::TimePoint now) {
  if (!accepting() || !ai_.on_connected(now)) return;
  // PROTOCOLS-LIVE 7: a model-managed session takes its history only at its
  // start (then the context is append-only), so the transcript goes first.
  if (ai_.recovering() && model_managed()) send_history();
  sink_.configure_ai();  // BEHAVIOUR 1: one session.update
}

void CallSession::on_ai_session_updated(common::TimePoint now) {
  if (!accepting() || !ai_.on_configured(now)) return;  // later updates change nothing
  if (ai_.recovering()) restore_conversation(now);
  // BEHAVIOUR 2: early caller audio flushed in order.
  stash_appends();
  early_audio_.flush([this](std::string_view frame) { send_append(frame); });
  maybe_start_greeting(now);
  say_pending(now);  // after the greeting: request_response defers it
}

void CallSession::on_ai_speech_started(common::TimePoint now, std::string_view /*item_id*/) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  silence_.on_caller_active(now);
  ai_.on_turn_answered();  // the caller's turn goes on
  turns_.on_speech_started(now);
  // BEHAVIOUR 3 "Echo and noise": wait for min_barge_in_speech (on tick).
  if (config_.min_barge_in_speech.count() <= 0) try_barge_in(now);
}

void CallSession::on_ai_speech_stopped(common::TimePoint now) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  silence_.on_heard(now);
  turns_.on_speech_stopped(now);  // shorter than min_barge_in_speech: no barge-in
  // BEHAVIOUR 5: server turn detection commits the caller's turn here and owes
  // a response. Not while a response is in progress and was not cut: that
  // speech did not barge in, and the active response's events feed the watchdog.
  if (!response_.in_progress()) ai_.on_turn_committed(now);
}

// BEHAVIOUR 3 "Model-managed": the turn latency starts where the Realtime
// server's speech_stopped starts it (the leg's VAD waits as long for the
// silence); no response is owed, the model decides whether to answer.
void CallSession::on_ai_caller_speech_ended(common::TimePoint now) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  turns_.on_speech_stopped(now);
}

void CallSession::on_ai_model_yielded(common::TimePoint now, double seconds) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  count(Metric::kModelYieldedSeconds, seconds);
  event(CallEvent::Kind::kModelYielded, now, {}, {}, seconds);
}

void CallSession::on_ai_response_created(common::TimePoint now, std::string_view response_id) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  ai_.on_turn_answered();
  response_.on_created(response_id);
  greeting_.on_response_created(response_id);
}

void CallSession::on_ai_audio_delta(common::TimePoint now, std::string_view response_id,
                                    std::string_view item_id, std::string_view delta_b64) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
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
  if (playout_full(now, delta_b64)) {
    count(Metric::kDroppedPlayoutOverflow);
    return;
  }
  forward_delta(now, item_id, delta_b64);
}

// BEHAVIOUR 3, model-managed: never more than max_playout_ahead of AI audio
// queued toward the carrier beyond real time. Queued = forwarded minus
// played, where played is the PlaybackTracker's estimate (the last echoed
// mark, then real time since it, capped at what was sent), so a carrier that
// plays late shows up at its next mark. Past the bound the incoming chunk is
// dropped: the older audio is already in the carrier's queue and could only
// be removed with a clear, which this turn model forbids except when voxgate
// cuts the AI off. The model streams at playback pace, so this drops only a
// burst beyond it, never the steady stream.
bool CallSession::playout_full(common::TimePoint now, std::string_view delta_b64) const {
  if (!model_managed() || config_.max_playout_ahead.count() <= 0) return false;
  const int64_t chunk_ms = bytes_to_ms(base64_decoded_size(delta_b64), caller_.audio_bytes_per_ms);
  return playback_.queued_ms(now) + chunk_ms > config_.max_playout_ahead.count();
}

void CallSession::forward_delta(common::TimePoint now, std::string_view item_id,
                                std::string_view delta_b64) {
  // A new item: the previous one ends with its final mark (BEHAVIOUR 2).
  if (!playback_.last_item().empty() && playback_.last_item() != item_id) {
    send_mark(playback_.on_item_end(now));
  }
  // BEHAVIOUR 3 "Model-managed": how deep the carrier's playout runs.
  if (model_managed()) count(Metric::kPlayoutAheadSeconds, playback_.queued_ms(now) / 1000.0);
  sink_.send_caller_media(delta_b64);
  count(Metric::kCallerMediaOut);
  send_mark(playback_.on_sent(now, item_id, base64_decoded_size(delta_b64)));
  greeting_.on_audio_forwarded(now);
  if (auto s = turns_.first_audio(now, created_at_)) {
    count(Metric::kFirstAudioSeconds, *s);
    event(CallEvent::Kind::kFirstAudio, now, {}, {}, *s);
  }
  if (auto s = turns_.turn_latency(now)) {
    count(Metric::kTurnLatencySeconds, *s);
    event(CallEvent::Kind::kTurnLatency, now, {}, {}, *s);
  }
}

void CallSession::on_ai_audio_done(common::TimePoint now, std::string_view response_id,
                                   std::string_view item_id) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  if (response_.is_current(response_id) && playback_.last_item() == item_id) {
    send_mark(playback_.on_item_end(now));
  }
  response_.on_output_done(response_id);
}

void CallSession::on_ai_transcript_delta(common::TimePoint now, std::string_view response_id,
                                         std::string_view item_id, std::string_view delta) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  // Text streamed after a cancel was never heard (BEHAVIOUR 3.4).
  if (cancelled_.contains(response_id)) return;
  transcript_.on_agent_delta(item_id, delta);
}

void CallSession::on_ai_transcript_done(common::TimePoint now, std::string_view response_id,
                                        std::string_view item_id, std::string_view text) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  // The Realtime API sends an item's final transcript after its audio.
  response_.on_output_done(response_id);
  if (auto turn = transcript_.on_agent_text(item_id, text)) record_turn(now, *turn);
}

void CallSession::on_ai_input_transcript(common::TimePoint now, std::string_view item_id,
                                         std::string_view text) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  if (auto turn = transcript_.add_user(item_id, text)) record_turn(now, *turn);
}

void CallSession::on_ai_function_call(common::TimePoint now, std::string_view call_id,
                                      std::string_view name, std::string_view arguments) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  handle_function_call(now, call_id, name, arguments);  // call_session_tools.cpp
}

void CallSession::on_ai_response_done(common::TimePoint now, std::string_view response_id,
                                      ResponseStatus status, std::string_view error_code) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  bool was_current = response_.is_current(response_id);
  // What we asked this response for (none when the model started it itself).
  std::optional<std::string> asked = was_current ? response_.instructions() : std::nullopt;
  if (!response_.on_done(response_id)) return;  // unknown id: nothing to change
  if (was_current) send_mark(playback_.on_item_end(now));
  if (greeting_.is_response(response_id)) greeting_.on_response_done();
  if (status == ResponseStatus::kFailed) {
    // BEHAVIOUR 5: its error code decides, as for an error event.
    std::string code = error_code.empty() ? "response_failed" : std::string(error_code);
    event(CallEvent::Kind::kAiError, now, code, "response " + std::string(response_id) + " failed");
    // Owed again before the code is judged: a leg that fails on it carries
    // the request to the next leg (owed_response()).
    if (was_current) retry_failed_response(std::move(asked));
    handle_ai_error_code(now, code);
    if (!accepting() || !ai_.ready()) return;  // the leg failed
  }
  if (auto deferred = response_.take_deferred()) request_response(now, deferred->instructions);
  maybe_follow_up(now);  // one create once tool outputs are in and the response is done
  maybe_start_greeting(now);
  after_playback_change(now);
}

// BEHAVIOUR 5: the caller is still owed what a failed response would have
// said, and waiting for it would be silence. Ask again with what it was asked
// for (the greeting's or a say's instructions; a retried greeting keeps
// them), a turn the model started itself with none (the model answers the
// conversation as it stands). The error threshold bounds the retries: past
// it the leg fails, the request is owed to the next leg, and the reconnect
// path plays the holding prompt.
void CallSession::retry_failed_response(std::optional<std::string> instructions) {
  if (response_.deferred()) return;  // a request is already waiting
  response_.defer(std::move(instructions));
}

void CallSession::on_ai_error(common::TimePoint now, std::string_view code,
                              std::string_view message) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
  // PROTOCOLS.md: harmless, logged at debug level by the shell, never counted.
  if (classify_ai_error(code) == AiErrorKind::kIgnorable) return;
  event(CallEvent::Kind::kAiError, now, std::string(code), std::string(message));
  handle_ai_error_code(now, code);
}

void CallSession::handle_ai_error_code(common::TimePoint now, std::string_view code) {
  switch (classify_ai_error(code)) {
    case AiErrorKind::kIgnorable:
      return;
    case AiErrorKind::kFatal:
      count(Metric::kAiErrors);
      fail_ai_leg(now, "fatal error: " + std::string(code), true);
      return;
    case AiErrorKind::kCreateRace:
      // Our create raced another response: retry after that one is done.
      count(Metric::kAiErrors);
      response_.defer(response_.last_requested());
      return;
    case AiErrorKind::kCounted:
      count(Metric::kAiErrors);
      if (ai_.error_past_threshold()) fail_ai_leg(now, "too many AI errors", false);
      return;
  }
}

void CallSession::on_ai_activity(common::TimePoint now) {
  if (!accepting()) return;
  ai_.on_ai_event(now);
}

void CallSession::on_ai_leg_failed(common::TimePoint now, std::string_view reason, bool fatal) {
  if (!accepting()) return;
  fail_ai_leg(now, reason, fatal);
}

void CallSession::on_ai_reconnect_failed(common::TimePoint now) {
  if (!accepting() || !ai_.recovering()) return;
  reconnect_attempt_failed(now);
}

}  // namespace voxgate::call
