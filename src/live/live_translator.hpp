#pragma once
// LiveTranslator: the GPT-Live protocol state of one AI leg, without I/O.
// Turns the AI-leg calls (ai/ai_leg.hpp) into client events and the server
// events into ai::AiEvents, a failure or a socket close; LiveLeg carries them
// out. Rules:
// - PROTOCOLS-LIVE 1: session.start first; anything else waits (bounded
//   queue) until session.started, which is the leg's SessionReady;
// - PROTOCOLS-LIVE 5: no cancel or truncate exists; the output stream is cut
//   into synthetic responses (OutputTurns), caller fragments are joined into
//   turns by the gap rule (FragmentJoiner) and become final InputTranscripts;
// - PROTOCOLS-LIVE 6: Responses-delegation calls and one response.create per
//   answered batch (ToolBatch); a client delegation is always answered;
// - PROTOCOLS-LIVE 8: errors before session.started and the account codes
//   are fatal; other errors are ai::Error; session.closed maps by reason;
// - BEHAVIOUR 3 "Model-managed": the caller audio and the output are heard
//   by a YieldMeter (barge-in latency: ModelYielded; the caller's speech
//   end: CallerSpeechEnded).
// Pure: time is passed in. Owned by one LiveLeg; not thread-safe.

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ai/ai_event.hpp"
#include "ai/ai_leg.hpp"
#include "common/clock.hpp"
#include "live/client_events.hpp"
#include "live/fragment_joiner.hpp"
#include "live/output_turns.hpp"
#include "live/server_events.hpp"
#include "live/tool_batch.hpp"
#include "live/yield_meter.hpp"

namespace voxgate::live {

// What to do, in this order: send `sends`, hand over `events`, report
// `failure`, close the socket.
struct LiveOutput {
  std::vector<ClientEvent> sends;
  std::vector<ai::AiEvent> events;
  std::optional<ai::AiFailure> failure;
  bool close_socket = false;
};

struct TranslatorOptions {
  common::Millis turn_gap{800};  // PROTOCOLS-LIVE 5.5
  std::size_t max_queued = 256;  // client events held until session.started
  std::string id_prefix = "live";
};

class LiveTranslator {
 public:
  explicit LiveTranslator(TranslatorOptions options);

  // session.start with `session`, its input followed by the history given
  // to add_text before (PROTOCOLS-LIVE 7: a reconnect seeds the new session).
  void start(const StartConfig& session, LiveOutput& out);
  // false: refused (queue full, closing or failed).
  bool send(ClientEvent event, LiveOutput& out);
  void add_text(ai::Speaker speaker, std::string_view text, LiveOutput& out);
  void create_response(std::optional<std::string_view> instructions, LiveOutput& out);
  void function_output(std::string_view call_id, std::string_view output, LiveOutput& out);
  void close(LiveOutput& out);
  // Caller audio the leg sent (or queued) to the model, heard at `now`.
  void hear_caller(common::TimePoint now, std::string_view payload_b64, LiveOutput& out);

  void on_event(ServerEvent&& event, common::TimePoint now, LiveOutput& out);
  void poll(common::TimePoint now, LiveOutput& out);
  // The next time poll() has work (a turn gap ending).
  std::optional<common::TimePoint> deadline() const;

  bool started() const { return started_; }
  bool closing() const { return closing_; }
  bool failed() const { return failed_; }
  const std::string& session_id() const { return session_id_; }

 private:
  void on_started(SessionStarted&& e, LiveOutput& out);
  void on_transcript(TranscriptDelta&& e, common::TimePoint now, LiveOutput& out);
  void on_backend(ResponseEvent&& e, LiveOutput& out);
  void on_delegation(const DelegationCreated& e, LiveOutput& out);
  void on_error(Error&& e, LiveOutput& out);
  void on_closed(const SessionClosed& e, LiveOutput& out);
  void fail(std::string kind, std::string description, bool fatal, LiveOutput& out);
  void emit_input_turn(std::optional<std::string> text, LiveOutput& out);

  // passed in
  TranslatorOptions options_;
  // owned
  OutputTurns output_;
  AudioFormat format_;  // the session's, from start(): judges silence
  FragmentJoiner input_;
  ToolBatch tools_;
  std::optional<YieldMeter> yield_;  // from start(): needs the session's format
  std::deque<ClientEvent> queued_;
  std::vector<InputMessage> history_;  // add_text before start()
  // state
  std::string session_id_;
  uint64_t next_input_turn_ = 1;
  bool start_sent_ = false;
  bool started_ = false;
  bool closing_ = false;
  bool failed_ = false;
};

}  // namespace voxgate::live
