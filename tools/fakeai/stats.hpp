#pragma once
// Counters of what fakeai received and sent. Each FakeSession fills its own copy
// (strand-local, no locks); the server merges them into a mutex-guarded total.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace voxgate::fakeai {

struct Stats {
  uint64_t connections = 0;                         // WebSocket sessions accepted
  uint64_t refused = 0;                             // upgrades answered 401 or 503
  std::map<std::string, uint64_t> events_received;  // by client event type
  uint64_t audio_bytes_received = 0;
  // The first kAudioHeadBytes of caller audio received, in arrival order:
  // with one call, what the AI leg heard byte for byte (tests compare it with
  // what the caller sent).
  static constexpr size_t kAudioHeadBytes = 1u << 20;
  std::string audio_head;
  void keep_audio(std::string_view bytes);
  uint64_t responses_started = 0;
  uint64_t responses_completed = 0;
  uint64_t responses_cancelled = 0;    // by response.cancel
  uint64_t responses_failed = 0;       // ended "failed" (fail_responses)
  uint64_t responses_interrupted = 0;  // by interrupt_response on speech_started
  uint64_t deltas_sent = 0;            // audio deltas, late ones included
  uint64_t late_deltas_sent = 0;       // deltas of a response after its cancel
  uint64_t audio_bytes_sent = 0;
  uint64_t speech_started = 0;
  uint64_t tool_calls = 0;
  std::vector<int64_t> truncate_audio_end_ms;   // accepted truncates
  std::map<std::string, uint64_t> errors_sent;  // by error code
  uint64_t malformed_sent = 0;
  uint64_t closes_injected = 0;
  // stamp_audio: caller-to-AI latency of stamped appends, ms (frames sent
  // before this connection existed waited in voxgate's early-audio buffer by
  // design and are counted apart).
  std::vector<double> append_latency_ms;
  uint64_t appends_stamped_before_connect = 0;
  // GPT-Live: accepted session.start formats ("audio/pcmu@8000"), the
  // history messages each one carried, output deltas of silence between turns.
  std::map<std::string, uint64_t> live_formats;
  // Realtime: the audio format of each session.update ("audio/pcm@24000").
  std::map<std::string, uint64_t> realtime_formats;
  std::vector<int64_t> start_input_messages;
  uint64_t silence_deltas_sent = 0;

  uint64_t received(const std::string& type) const;
  uint64_t errors(const std::string& code) const;
  void merge(const Stats& other);
  std::string summary() const;  // one line for logs
  std::string to_json() const;  // counts and append-latency percentiles (--stats-json)
};

}  // namespace voxgate::fakeai
