#pragma once
// The fakeai script model: what every connection does (CallScript) plus named or
// per-connection overrides ([[calls]]), loaded from TOML. Immutable after load;
// shared read-only by all connection strands. README.md documents the keys.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace voxgate::fakeai {

enum class ScriptDialect { kGA, kBeta };
// Which service the fake is: OpenAI Realtime (/v1/realtime) or GPT-Live
// (/v1/live/sessions, PROTOCOLS-LIVE).
enum class ScriptProtocol { kRealtime, kLive };

// A caller-side event at a fixed time after the connection opened.
struct ScriptedEvent {
  enum class Type { kSpeechStarted, kSpeechStopped };
  int64_t at_ms = 0;
  Type type = Type::kSpeechStarted;
};

// A function call the fake AI makes at the end of its N-th response, to drive
// the shell's tools (docs/tools.md).
struct ScriptedToolCall {
  int64_t response = 1;  // 1-based response number within the connection
  std::string name;
  std::string arguments = "{}";  // sent as is (may be invalid JSON on purpose)
};

struct CallScript {
  std::string name;        // [[calls]] name, selected by ?script=NAME
  int64_t connection = 0;  // [[calls]] connection: applies to the N-th connection (1-based)
  ScriptProtocol protocol = ScriptProtocol::kRealtime;
  ScriptDialect dialect = ScriptDialect::kGA;
  std::string require_auth;  // expected bearer token; empty = no check

  // Responses.
  double response_seconds = 2.0;
  double tone_hz = 440.0;
  std::string wav;  // replaces the tone when set
  int64_t delta_ms = 100;
  std::string reply_text = "Hello, how can I help you?";
  int64_t late_deltas = 2;
  int64_t end_call_after_responses = 0;  // 0 = never
  std::string end_call_arguments = "{}";
  std::vector<ScriptedToolCall> tool_calls;  // [[tool_calls]], in order

  // Caller turns.
  std::vector<ScriptedEvent> events;
  double vad_threshold = 0;  // RMS in 16-bit PCM units; 0 disables the energy VAD
  int64_t vad_start_ms = 60;
  int64_t vad_silence_ms = 500;
  bool create_response = true;
  bool interrupt_response = false;
  std::string caller_transcript = "I would like to talk to someone.";

  // GPT-Live only (PROTOCOLS-LIVE 5): the model yields this long after the
  // caller starts talking over it; between turns the output stream carries
  // silence (false: nothing between turns).
  int64_t live_yield_ms = 300;
  bool output_silence = true;

  // Load bench (bench/README.md): stamp each delta's audio and read the stamps
  // callsim --latency-probe puts into appends (callsim/latency_stamp.hpp).
  bool stamp_audio = false;

  // Faults (times from connection open; 0 = off).
  int64_t close_after_ms = 0;
  int64_t close_code = 0;  // 0 = abrupt TCP close, else WebSocket close code
  int64_t error_after_ms = 0;
  std::string error_code = "server_error";
  std::optional<bool> error_close;  // default: close after fatal codes only
  int64_t stall_after_ms = 0;
  // With a stall: stop reading too, so pings go unanswered (a peer that is
  // gone without closing; the client's liveness check must catch it).
  bool stall_reads = false;
  int64_t malformed_after_ms = 0;
  int64_t malformed_count = 1;
  bool refuse_connections = false;
  int64_t fault_connections = 0;      // faults only on the first K connections; 0 = all
  bool close_before_created = false;  // close (close_code) instead of sending session.created
  bool flood_deltas = false;          // a response's deltas all at once, not paced
  int64_t stray_audio_after_ms = 0;   // one audio delta for a response id never created
  int64_t fault_every = 0;            // faults only on every K-th connection; 0 = all
  // Every response ends at once as `response.done` status "failed" with this
  // status_details.error code (and type), no audio; empty = off.
  std::string fail_responses;
  // GPT-Live: session.closed with this reason at that time, then the socket
  // closes (PROTOCOLS-LIVE 8: expired, connection_lost, content, ...).
  int64_t session_closed_after_ms = 0;
  std::string session_closed_reason = "expired";

  // Derived at load: the reply audio as mu-law bytes (response_seconds of tone, or the wav).
  std::shared_ptr<const std::string> reply_ulaw;

  bool error_closes() const;
};

struct ScriptError {
  std::string message;  // names the offending key and table
};

class Script {
 public:
  Script();  // built-in default script (a greeting of tone audio)
  static common::Result<Script, ScriptError> from_toml(std::string_view text,
                                                       const std::string& base_dir = ".");
  static common::Result<Script, ScriptError> from_file(const std::string& path);

  // ?script=NAME wins; else a [[calls]] entry with connection == index; else the base.
  const CallScript& select(std::string_view name, uint64_t connection_index) const;
  const CallScript& base() const { return base_; }
  // Every connection speaks `p` (fakeai --protocol); overrides the scripts' key.
  void set_protocol(ScriptProtocol p);
  const std::vector<CallScript>& calls() const { return calls_; }

 private:
  CallScript base_;
  std::vector<CallScript> calls_;
};

}  // namespace voxgate::fakeai
