#pragma once
// ActionSink: every effect of the call core (BEHAVIOUR 1-5) as a narrow
// interface. The per-call shell (server/CallRunner) implements it by writing
// to the caller and AI sockets; tests implement it as a recording fake.
// Called synchronously from CallSession inputs, on the call's strand; string
// views are valid only for the duration of the call.

#include <cstdint>
#include <optional>
#include <string_view>

#include "call/call_event.hpp"

namespace voxgate::call {

class ActionSink {
 public:
  virtual ~ActionSink() = default;

  // Caller leg (Twilio Media Streams today).
  virtual void send_caller_media(std::string_view payload_b64) = 0;
  virtual void send_caller_mark(std::string_view name) = 0;
  virtual void send_caller_clear() = 0;
  // Plays pre-rendered audio then a mark named `mark_name`; the session learns
  // the clip finished from on_caller_mark(mark_name).
  virtual void play_clip(Clip clip, std::string_view mark_name) = 0;

  // AI leg (Realtime protocol).
  virtual void open_ai_leg() = 0;   // dial or redial; a no-op if one is open
  virtual void close_ai_leg() = 0;  // a no-op if none is open
  virtual void configure_ai() = 0;  // session.update built from the config
  virtual void send_ai_append(std::string_view payload_b64) = 0;
  virtual void send_ai_item_text(Role role, std::string_view text) = 0;
  virtual void send_ai_function_output(std::string_view call_id, std::string_view output) = 0;
  virtual void send_ai_response_create(std::optional<std::string_view> instructions) = 0;
  virtual void send_ai_cancel(std::string_view response_id) = 0;
  virtual void send_ai_truncate(std::string_view item_id, int64_t audio_end_ms) = 0;

  // Tools (docs/tools.md). Defaults do nothing so sinks without tools need no code.
  // Run the tool `name` (one the shell owns: a webhook, transfer_call) and
  // answer later, on the strand and never from inside this call, with
  // CallSession::on_tool_result or on_transfer.
  virtual void invoke_tool(std::string_view /*call_id*/, std::string_view /*name*/,
                           std::string_view /*arguments_json*/) {}
  // The call is being handed to `target`: remember it so the provider's
  // after-stream request can dial it. The stream ends later via end_call().
  virtual void transfer_call(std::string_view /*target*/) {}

  // Exactly once per session; nothing is emitted after it.
  virtual void end_call(EndReason reason) = 0;

  virtual void record(const CallEvent& event) = 0;
  virtual void metric(Metric kind, double value) = 0;
};

}  // namespace voxgate::call
