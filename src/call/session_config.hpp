#pragma once
// SessionConfig: every timing and bound the call core obeys (BEHAVIOUR.md 1-5).
// Owned by the config module / shell, copied into each CallSession at
// construction. Plain data, no behaviour; defaults are the documented ones.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ai/ai_turn_model.hpp"
#include "common/clock.hpp"

namespace voxgate::call {

struct GreetingConfig {
  // Instructions for the first response; no value = no greeting (BEHAVIOUR 1).
  std::optional<std::string> instructions;
  bool interruptible = false;
  // Audio the caller must have heard before a barge-in may cut the greeting.
  common::Millis min_play{1000};
  // The greeting state ends at the latest this long after it was requested.
  common::Millis deadline{15000};
};

struct SessionConfig {
  GreetingConfig greeting;

  // How the AI leg takes turns (BEHAVIOUR 3). Client-managed (Realtime): on
  // the caller's speech voxgate clears, cancels and truncates.
  // Model-managed (GPT-Live): the model yields by itself; voxgate sends no
  // clear, cancel or truncate on caller speech and keeps the playout shallow.
  ai::AiTurnModel turn_model = ai::AiTurnModel::kClientManaged;
  // BEHAVIOUR 3, model-managed: at most this much AI audio queued toward the
  // carrier beyond real time; AI audio past it is dropped and counted
  // (kDroppedPlayoutOverflow). Zero: no bound. Not applied to client-managed
  // legs, whose responses arrive faster than real time by design.
  common::Millis max_playout_ahead{300};

  // BEHAVIOUR 2: a mark every this much AI audio, and always at item end.
  common::Millis mark_interval{100};
  // Caller audio gathered into one input_audio_buffer.append (
  // AppendBatcher). 20 ms or less = one append per caller frame. 40 ms halves
  // the appends (voxgate's sendmsg per call-second x0.65) for at most 20 ms
  // more caller-to-AI latency, small beside server VAD's own 200+ ms windows
  // (bench/README.md, "Changes measured").
  common::Millis append_interval{40};
  // BEHAVIOUR 3 "Echo and noise": speech must last this long (without a
  // speech_stopped) before barge-in takes effect. 0 = at speech_started.
  common::Millis min_barge_in_speech{0};

  // BEHAVIOUR 3 cancelled-response registry bounds.
  std::size_t cancelled_capacity = 100;
  common::Millis cancelled_max_age{60000};

  // BEHAVIOUR 4 limits. Zero disables.
  common::Millis max_call_duration{std::chrono::hours(1)};
  common::Millis caller_silence_timeout{0};
  // Spoken (via the AI) on the first silence timeout; the call ends on the next.
  std::optional<std::string> silence_prompt;
  // An agent hang-up waits for the final mark at most this long.
  common::Millis hangup_max_wait{30000};

  // BEHAVIOUR 2: caller frames buffered before the AI leg is ready, bounded
  // in frames and in bytes of base64 (BEHAVIOUR 5 bounds; 256 KiB of base64
  // is about 24 s of 8 kHz mu-law).
  std::size_t early_audio_max_frames = 250;
  std::size_t early_audio_max_bytes = 256 * 1024;

  // BEHAVIOUR 5 bad input / bounds: DTMF presses give at most one
  // response.create per interval; digits pressed in between are gathered
  // (at most dtmf_max_gathered) and sent as one user item.
  common::Millis dtmf_response_min_interval{1000};
  std::size_t dtmf_max_gathered = 32;

  // BEHAVIOUR 5 bounds on the call record: events, transcript turns and DTMF
  // events recorded per call. Beyond them: counted, not recorded. The
  // call_ended event is always recorded.
  std::size_t record_max_events = 2000;
  std::size_t record_max_turns = 1000;
  std::size_t record_max_dtmf = 200;

  // BEHAVIOUR 5 reconnect budget.
  int reconnect_max_attempts = 3;
  common::Millis reconnect_budget{10000};
  // BEHAVIOUR 5.3 jittered exponential backoff: the first redial goes at
  // once; redial n after it waits min(max, backoff * 2^(n-1)) * [0.5, 1].
  common::Millis reconnect_backoff{500};
  common::Millis reconnect_backoff_max{4000};
  // Seeds the jitter (backoff.hpp). The shell sets it from std::random_device
  // so calls that lost the AI leg together do not redial together.
  uint64_t random_seed = 0x5EED;
  // BEHAVIOUR 5: no AI event this long while a response is owed (a response
  // requested or in progress, the caller's turn committed, or the connect
  // handshake) => AI leg failure. 3 s: no caller waits longer in silence.
  common::Millis ai_watchdog{3000};
  // Non-fatal AI error events tolerated before the leg counts as failed.
  int ai_error_threshold = 10;
  // A clip (holding / fallback) whose mark never echoes counts as done after this.
  common::Millis clip_deadline{15000};
  // Shutdown (SIGTERM drains, README "Running it for real"): a call still live when the grace
  // period ends hears the fallback clip and ends on its mark, or after this at most.
  common::Millis shutdown_clip_max_wait{8000};
  // At most this many transcript turns are restored after a reconnect.
  std::size_t restore_max_turns = 50;

  // Tools the shell runs (webhooks, transfer_call), answered through
  // invoke_tool / on_tool_result. end_call is built in; any other name gets
  // an "unknown function" error output.
  std::vector<std::string> shell_tools;
  // What the AI is asked to say before a transfer ordered through the API.
  std::string transfer_handoff =
      "Tell the caller in one short sentence that you are transferring them to a person now.";
};

}  // namespace voxgate::call
