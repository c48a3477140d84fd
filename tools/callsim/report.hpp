#pragma once
// CallReport / SimReport: what the simulated callers saw, per call and in
// total; the text summary and the JSON report. Plain data and pure functions.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace voxgate::callsim {

// The counts kept per call and summed over calls.
struct CallCounters {
  uint64_t messages_sent = 0, messages_received = 0;
  uint64_t media_sent = 0, media_received = 0, dtmf_sent = 0;
  // Audio bytes count as 8 kHz mu-law (8 per ms) for every carrier: PCM
  // dialects convert what they receive (dialect.hpp), so audio_heard_s holds.
  uint64_t bytes_received = 0, bytes_played = 0, bytes_discarded = 0;
  uint64_t bytes_unplayed = 0;  // still queued when the call ended
  uint64_t marks_received = 0, marks_echoed = 0, clears = 0;
  uint64_t protocol_errors = 0;
  uint64_t heard_cancelled = 0;  // latency probe: stamped audio of a cancelled response

  CallCounters& operator+=(const CallCounters& o);
};

struct CallReport : CallCounters {
  int index = 0;
  std::string carrier;  // the dialect spoken: "twilio", "telnyx", ...
  std::string call_sid, stream_sid;
  bool connected = false;  // WebSocket handshake done
  bool ok = false;         // connected, ended cleanly, no protocol error
  std::string error;       // first failure, empty if none
  std::string ended_by;    // "caller" (sent stop), "server" (closed first), "error"
  std::optional<double> connect_ms;
  std::optional<double> first_audio_ms;  // from `start` sent to first outbound media

  std::vector<std::string> protocol_error_samples;  // first few, for diagnosis
  double max_send_lag_ms = 0;                       // how late the worst media frame went out
  double longest_silence_ms = 0;                    // Playout::longest_silence_ms
  std::vector<double> latency_ms;                   // latency hook / probe: AI-to-caller
  std::vector<double> barge_in_ms;  // latency probe: fakeai speech_started -> clear received
  std::vector<uint8_t> heard;       // played mu-law, only with keep_heard
  std::string record_path;
};

struct Percentiles {
  size_t count = 0;
  double p50 = 0, p99 = 0, max = 0;
};
// Nearest-rank percentiles; all zero for no samples.
Percentiles percentiles(std::vector<double> samples);

struct SimTotals : CallCounters {
  int calls = 0, calls_ok = 0, calls_failed = 0, calls_connected = 0;
  double audio_heard_s = 0;
  double max_send_lag_ms = 0;
  double longest_silence_ms = 0;  // the worst call's
  Percentiles first_audio_ms, latency_ms, barge_in_ms;
};

struct SimReport {
  std::string url;
  std::string carrier;
  double wall_s = 0;
  std::string setup_error;        // the run could not start (bad WAV, bad URL...)
  std::vector<CallReport> calls;  // by index
  SimTotals totals;

  // Exit status rule of the CLI: non-zero if the run could not start, a call
  // failed, or any protocol error was seen.
  bool success() const {
    return setup_error.empty() && totals.calls_failed == 0 && totals.protocol_errors == 0;
  }
};

SimTotals compute_totals(const std::vector<CallReport>& calls);
boost::json::value to_json(const CallReport& call);
boost::json::value to_json(const SimReport& report);
std::string summary_text(const SimReport& report);

}  // namespace voxgate::callsim
