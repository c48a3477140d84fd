#pragma once
// CallSession: the pure call core (ARCHITECTURE.md, BEHAVIOUR.md 1-5). A
// deterministic state machine: typed inputs, each with the current time, go in;
// typed actions come out through an ActionSink. No I/O, no clock, no thread.
// Owned by the per-call shell (server/CallRunner); every method must be called
// on that call's strand. Nothing here throws on bad input.
//
// API (all inputs take `now` first; after end_call every input is ignored and
// nothing more is emitted):
//   CallSession(const SessionConfig&, ActionSink&, TimePoint created_at)
//   start(now)                              dials the AI leg: open_ai_leg()
//   on_caller_start(now, CallerStart)       ids + custom parameters
//   on_caller_media(now, payload_b64, timestamp_ms)
//   on_caller_mark(now, name)               a mark echoed by the caller leg
//   on_caller_dtmf(now, digit)
//   on_caller_stop(now) / on_caller_closed(now)
//   on_caller_stalled(now)                  the shell saw the caller stop reading
//   on_shell_error(now, where)              the shell failed in a handler of this call
//   on_ai_connected(now)                    socket open -> configure_ai()
//   on_ai_session_updated(now)              ready -> restore, flush, greeting
//   on_ai_speech_started(now, item_id) / on_ai_speech_stopped(now)
//   on_ai_response_created(now, response_id)
//   on_ai_audio_delta(now, response_id, item_id, delta_b64)
//   on_ai_audio_done(now, response_id, item_id)
//   on_ai_transcript_delta(now, response_id, item_id, delta)
//   on_ai_transcript_done(now, response_id, item_id, text)
//   on_ai_input_transcript(now, item_id, text)
//   on_ai_function_call(now, call_id, name, arguments_json)
//   on_ai_response_done(now, response_id, ResponseStatus, error_code)
//   on_ai_caller_speech_ended(now)          model-managed: the leg's VAD heard the caller stop
//   on_ai_model_yielded(now, seconds)       model-managed: barge-in latency measured by the leg
//   on_ai_activity(now)                     any other AI event (feeds the watchdog)
//   on_ai_error(now, code, message)
//   on_ai_leg_failed(now, reason, fatal)    socket error/close, TLS, timeout
//   on_ai_reconnect_failed(now)             one redial failed
//   on_tick(now)                            timers; call every ~100 ms
//   on_shutdown(now)                        grace over: fallback clip, then end
//   on_hangup_requested(now)                operator hang-up (API): ends at once
//   on_tool_result(now, call_id, output_json, outcome)   a shell tool answered
//   on_transfer(now, call_id, target)       hand the call to a person (tool or API)
//   on_say(now, text)                       the agent says `text` (call-control API)
//
// Tools (docs/tools.md, call_session_tools.cpp):
// - end_call is built in; names in config.shell_tools go to invoke_tool and
//   stay pending until on_tool_result / on_transfer; others get
//   {"error":"unknown function"}. A call id seen twice (arguments.done and
//   output_item.done) is handled once.
// - Each output is sent as function_call_output when it arrives; ONE
//   response.create follows once no tool of the session is pending AND no
//   response is requested or active (so two calls in one response give one
//   create, and a create never races an active response; if the AI still
//   answers conversation_already_has_active_response, the create is retried
//   after that response's done). A response.create sent for any other reason
//   meanwhile covers the outputs already in.
// - Barge-in is unaffected by pending tools; results after the call ended,
//   or for a call id not pending (e.g. lost in an AI-leg reconnect), are ignored.
// - Transfer: output {"ok":true}, no response.create; the call then ends like
//   end_call (after the current response and its final mark) with reason
//   transferred. From the API (no call id) the AI is first asked to say
//   config.transfer_handoff.
// - say: a response.create with instructions to say the text. It follows the
//   current response rather than cutting it (a supervisor's line should not
//   chop the agent mid-word); it is refused while a hang-up/transfer is pending.
//
// Choices where BEHAVIOUR.md leaves room (documented here, tested):
// - Deltas for a response that is not the current one (unknown, finished, or
//   arriving before its response.created) are dropped and counted as
//   kDroppedLate (BEHAVIOUR 5, "audio for an unknown response").
// - The drop state of BEHAVIOUR 3.4 is the registry itself: a cancelled id
//   stays there after its response.done (until evicted by age/capacity), so
//   even deltas arriving after the done are dropped; a new response plays.
// - Malformed AI messages: the shell reports each as on_ai_error(code, ...);
//   non-fatal errors past ai_error_threshold count as an AI-leg failure.
// - Fallback transfer to a number (BEHAVIOUR 5.4) is not modelled yet.
// - Payloads pass through unchanged (Twilio accepts any length of mu-law).
// - heard audio is estimated from marks and `now`; the caller's media
//   timestamps are accepted but not used yet.
// - Admission (BEHAVIOUR 0, defence in depth behind the shell's checks):
//   caller media, DTMF and marks before on_caller_start are counted
//   (kRejectedBeforeStart) and dropped; stop/close before it still end the call.
// - DTMF: a digit outside 0-9 * # A-D is counted (kRejectedDtmf) and has no
//   effect. Valid digits become a user text item "The caller pressed 1 2 3"
//   then a response.create (deferred until response.done when a response is
//   in progress), at most one per dtmf_response_min_interval; digits pressed
//   meanwhile, or while the AI leg is not ready, are gathered (bounded) and
//   sent on a tick (DtmfGate).
// - Records: events, turns and DTMF events are capped per call (RecordBudget);
//   call_ended is always recorded.
// - Every end goes through finish(): pending transcript turns recorded, the
//   call_ended event, the AI leg closed, end_call(reason) once. Every path
//   that loses the AI leg for good (finish, fall_back, on_shutdown) releases
//   it through release_ai_leg(); voxgate cutting the AI's audio goes through
//   cut_playback().
// - Failed responses: their error code is classified like an error event's
//   (ai_error_codes.hpp): fatal codes fall back at once, others count toward
//   ai_error_threshold.
// - While reconnecting the holding clip repeats (on its mark, or after
//   clip_deadline); it is cut with a clear when the leg is back or the call
//   falls back. Redials use jittered exponential backoff (backoff.hpp).
// - end_call tool: function output {"ok":true} is sent, no response.create;
//   the call ends once no greeting/response is active and the final mark has
//   echoed (or after hangup_max_wait). Other tools get an error output and a
//   response.create.
// - On AI failure with a hang-up pending, no reconnect: a mark is sent and the
//   call ends when it echoes (all queued audio played).
// - After a reconnect the transcript is restored as text items; a response
//   the AI owed at the failure (owed_response()) is requested again, else,
//   if the last turn is the caller's, a response.create follows.
// - Caller silence counts only while the AI leg is ready and the AI is silent.
// - The greeting is the first response created after its response.create; its
//   minimum play time counts from its first audio forwarded to the caller.
// - max_call_duration counts from construction (created_at).
// - close_ai_leg() precedes end_call() unless the AI leg is already closed.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "call/action_sink.hpp"
#include "call/ai_leg_lifecycle.hpp"
#include "call/append_batcher.hpp"
#include "call/byte_count.hpp"
#include "call/call_end.hpp"
#include "call/cancelled_responses.hpp"
#include "call/dtmf_gate.hpp"
#include "call/early_audio_buffer.hpp"
#include "call/greeting.hpp"
#include "call/pending_say.hpp"
#include "call/pending_tools.hpp"
#include "call/playback_tracker.hpp"
#include "call/record_budget.hpp"
#include "call/response_state.hpp"
#include "call/session_config.hpp"
#include "call/session_stats.hpp"
#include "call/silence_guard.hpp"
#include "call/transcript.hpp"
#include "call/turn_timing.hpp"
#include "common/clock.hpp"

namespace voxgate::call {

struct CallerStart {
  std::string stream_sid;
  std::string call_sid;
  std::map<std::string, std::string> custom_parameters;
  // The call's audio format in bytes per millisecond (audio::Format): what
  // the caller's and the AI's payloads hold. 8 kHz mu-law by default.
  int64_t audio_bytes_per_ms = kMulawBytesPerMs;
};

enum class ResponseStatus { kCompleted, kCancelled, kIncomplete, kFailed };

class CallSession {
 public:
  using AiLeg = AiLegLifecycle::State;

  CallSession(const SessionConfig& config, ActionSink& sink, common::TimePoint created_at);
  CallSession(const CallSession&) = delete;
  CallSession& operator=(const CallSession&) = delete;

  void start(common::TimePoint now);

  void on_caller_start(common::TimePoint now, CallerStart start);
  void on_caller_media(common::TimePoint now, std::string_view payload_b64, uint64_t timestamp_ms);
  void on_caller_mark(common::TimePoint now, std::string_view name);
  void on_caller_dtmf(common::TimePoint now, std::string_view digit);
  void on_caller_stop(common::TimePoint now);
  void on_caller_closed(common::TimePoint now);
  // The shell ends a call itself (BEHAVIOUR 5, last paragraph): the end goes
  // through the same path as any other, with the true reason.
  void on_caller_stalled(common::TimePoint now);
  void on_shell_error(common::TimePoint now, std::string_view where);

  void on_ai_connected(common::TimePoint now);
  void on_ai_session_updated(common::TimePoint now);
  void on_ai_speech_started(common::TimePoint now, std::string_view item_id);
  void on_ai_speech_stopped(common::TimePoint now);
  void on_ai_response_created(common::TimePoint now, std::string_view response_id);
  void on_ai_audio_delta(common::TimePoint now, std::string_view response_id,
                         std::string_view item_id, std::string_view delta_b64);
  void on_ai_audio_done(common::TimePoint now, std::string_view response_id,
                        std::string_view item_id);
  void on_ai_transcript_delta(common::TimePoint now, std::string_view response_id,
                              std::string_view item_id, std::string_view delta);
  void on_ai_transcript_done(common::TimePoint now, std::string_view response_id,
                             std::string_view item_id, std::string_view text);
  void on_ai_input_transcript(common::TimePoint now, std::string_view item_id,
                              std::string_view text);
  void on_ai_function_call(common::TimePoint now, std::string_view call_id, std::string_view name,
                           std::string_view arguments_json);
  // error_code: response.status_details.error.code of a failed response.
  void on_ai_response_done(common::TimePoint now, std::string_view response_id,
                           ResponseStatus status, std::string_view error_code = {});
  // Model-managed turns (ai/ai_event.hpp CallerSpeechEnded, ModelYielded).
  void on_ai_caller_speech_ended(common::TimePoint now);
  void on_ai_model_yielded(common::TimePoint now, double seconds);
  // An AI event the core has nothing else to do with (session.created,
  // input_audio_buffer.committed, rate_limits.updated, ...): the leg is alive.
  void on_ai_activity(common::TimePoint now);
  void on_ai_error(common::TimePoint now, std::string_view code, std::string_view message);
  void on_ai_leg_failed(common::TimePoint now, std::string_view reason, bool fatal);
  void on_ai_reconnect_failed(common::TimePoint now);

  void on_tick(common::TimePoint now);
  // call_session_shutdown.cpp
  void on_shutdown(common::TimePoint now);
  void on_hangup_requested(common::TimePoint now);

  // Tools and call control (call_session_tools.cpp). on_transfer/on_say
  // return false when refused (call ending, hang-up or transfer pending).
  void on_tool_result(common::TimePoint now, std::string_view call_id, std::string_view output_json,
                      std::string_view outcome = "ok");
  bool on_transfer(common::TimePoint now, std::string_view call_id, std::string_view target);
  bool on_say(common::TimePoint now, std::string_view text);

  // Observers (tests, shell, dashboard).
  bool ended() const { return end_.ended(); }
  std::optional<EndReason> end_reason() const { return end_.reason(); }
  bool greeting_active() const { return greeting_.active(); }
  Greeting::State greeting_state() const { return greeting_.state(); }
  bool ai_audio_playing() const { return playback_.ai_audio_playing(); }
  bool response_in_progress() const { return response_.in_progress(); }
  bool hangup_pending() const { return end_.hangup_pending(); }
  bool ending() const { return end_.ending(); }  // ending on a mark (CallEnd::ending)
  AiLeg ai_leg() const { return ai_.state(); }
  bool ai_recovering() const { return ai_.recovering(); }  // between a failure and the restore
  const SessionStats& stats() const { return stats_; }
  const CancelledResponses& cancelled() const { return cancelled_; }
  const PlaybackTracker& playback() const { return playback_; }
  const Transcript& transcript() const { return transcript_; }
  const CallerStart& caller() const { return caller_; }
  std::size_t early_audio_frames() const { return early_audio_.size(); }
  std::size_t early_audio_bytes() const { return early_audio_.bytes(); }
  std::size_t dtmf_gathered() const { return dtmf_.gathered(); }
  bool holding_prompt_playing() const { return ai_.holding_playing(); }
  std::size_t tools_pending() const { return tools_.size(); }
  const std::optional<std::string>& transfer_target() const { return end_.transfer_target(); }

 private:
  // call_session.cpp
  bool accepting() const { return end_.accepting(); }
  bool caller_streaming() const { return !caller_.stream_sid.empty(); }
  void count(Metric m, double value = 1);
  void event(CallEvent::Kind kind, common::TimePoint now, std::string id = {},
             std::string text = {}, double value = 0);
  void event(const CallEvent& e);
  void send_mark(std::optional<std::string> name);
  std::string next_control_mark(std::string_view prefix);
  // call_session_caller.cpp
  bool admitted();
  void send_append(std::string_view payload_b64);
  // All gathered caller audio now, or (due_at) only once it waited long enough.
  void flush_appends(std::optional<common::TimePoint> due_at);
  void stash_appends();
  void early_audio_push(std::string_view payload_b64);
  void send_due_dtmf(common::TimePoint now);
  void request_response(common::TimePoint now, std::optional<std::string> instructions);
  void maybe_start_greeting(common::TimePoint now);
  void end_greeting(common::TimePoint now, Greeting::EndCause cause);
  void after_playback_change(common::TimePoint now);
  void record_turn(common::TimePoint now, const Turn& turn);
  void settle_transcript(common::TimePoint now);
  void check_silence(common::TimePoint now);
  void finish(common::TimePoint now, EndReason reason);
  void end_after_mark(common::TimePoint now, EndReason reason, common::Duration max_wait);
  // The one reset of the paths that lose the AI leg for good (the end,
  // the fallback, the shutdown): the leg closed once, every per-response
  // state at rest (BEHAVIOUR 5.2), the greeting over, caller audio for the
  // AI dropped.
  void release_ai_leg(common::TimePoint now, Greeting::EndCause cause);
  // Per-response state at rest (BEHAVIOUR 5.2), also after a failure that
  // is recovered; the greeting is left to the caller of this.
  void reset_response_state();
  // voxgate cuts the AI's audio (BEHAVIOUR 3): the caller's queue cleared
  // and, when `tell_ai`, the active response cancelled and the playing item
  // truncated where the caller heard it. Returns what was cut, for
  // cut_transcript().
  struct Cut {
    std::string item;
    int64_t heard_ms = 0;
    int64_t sent_ms = 0;
  };
  Cut cut_playback(common::TimePoint now, bool tell_ai);
  void cut_transcript(common::TimePoint now, const Cut& cut);
  // call_session_ai.cpp
  bool model_managed() const { return config_.turn_model == ai::AiTurnModel::kModelManaged; }
  bool playout_full(common::TimePoint now, std::string_view delta_b64) const;
  void forward_delta(common::TimePoint now, std::string_view item_id, std::string_view delta_b64);
  // An error code from an error event or a failed response (ai_error_codes.hpp).
  void handle_ai_error_code(common::TimePoint now, std::string_view code);
  void retry_failed_response(std::optional<std::string> instructions);
  // call_session_recovery.cpp
  void try_barge_in(common::TimePoint now);
  void maybe_finish_hangup(common::TimePoint now);
  void fail_ai_leg(common::TimePoint now, std::string_view reason, bool fatal);
  void reconnect_attempt_failed(common::TimePoint now);
  std::optional<OwedResponse> owed_response() const;
  void restore_conversation(common::TimePoint now);
  void send_history();
  void fall_back(common::TimePoint now, std::string_view reason);
  void tick_ai_leg(common::TimePoint now);
  void play_holding(common::TimePoint now);
  void cut_holding();
  // call_session_tools.cpp
  void handle_function_call(common::TimePoint now, std::string_view call_id, std::string_view name,
                            std::string_view arguments_json);
  void tool_answered(common::TimePoint now, std::string_view name, std::string_view outcome);
  void say_pending(common::TimePoint now);
  void say_now(common::TimePoint now, std::string_view text);
  void maybe_follow_up(common::TimePoint now);
  void request_hangup(common::TimePoint now);

  // Passed in.
  const SessionConfig config_;
  ActionSink& sink_;
  const common::TimePoint created_at_;

  // Owned components, all built in the constructor.
  CancelledResponses cancelled_;
  PlaybackTracker playback_;
  Greeting greeting_;
  ResponseState response_;
  EarlyAudioBuffer early_audio_;
  AppendBatcher appends_;
  Transcript transcript_;
  SessionStats stats_;
  PendingTools tools_;
  DtmfGate dtmf_;
  RecordBudget record_budget_;
  AiLegLifecycle ai_;
  CallEnd end_;
  SilenceGuard silence_;
  TurnTiming turns_;
  PendingSay pending_say_;

  // State.
  CallerStart caller_;              // ids and parameters from the caller's start
  uint64_t next_control_mark_ = 1;  // names the session's own marks (clips, end)
};

}  // namespace voxgate::call
