#pragma once
// SessionConfig: every timing and bound the call core obeys (BEHAVIOUR.md 1-5).
// Owned by the config module / shell, copied into each CallSession at
// construction. Plain data, no behaviour; defaults are the documented ones.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

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

  // BEHAVIOUR 2: a mark every this much AI audio, and always at item end.
  common::Millis mark_interval{100};
  // Caller audio gathered into one input_audio_buffer.append (issue 7;
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

  // BEHAVIOUR 2: caller frames buffered before the AI leg is ready.
  std::size_t early_audio_max_frames = 250;

  // BEHAVIOUR 5 reconnect budget.
  int reconnect_max_attempts = 3;
  common::Millis reconnect_budget{10000};
  // Delay before each redial after the first (attempt n waits n * backoff).
  common::Millis reconnect_backoff{500};
  // No AI event this long while a response is expected => AI leg failure.
  common::Millis ai_watchdog{15000};
  // Non-fatal AI error events tolerated before the leg counts as failed.
  int ai_error_threshold = 10;
  // A clip (holding / fallback) whose mark never echoes counts as done after this.
  common::Millis clip_deadline{15000};
  // Shutdown (issue 6 item 8): a call still live when the grace period ends
  // hears the fallback clip and ends on its mark, or after this at most.
  common::Millis shutdown_clip_max_wait{8000};
  // At most this many transcript turns are restored after a reconnect.
  std::size_t restore_max_turns = 50;

  // Issue 9: tools the shell runs (webhooks, transfer_call), answered through
  // invoke_tool / on_tool_result. end_call is built in; any other name gets
  // an "unknown function" error output.
  std::vector<std::string> shell_tools;
  // What the AI is asked to say before a transfer ordered through the API.
  std::string transfer_handoff =
      "Tell the caller in one short sentence that you are transferring them to a person now.";
};

}  // namespace voxgate::call
