#pragma once
// AgentStats / AgentStatsCounters: the local agent server's statistics
// (userver style: one struct per component). Sessions on many strands add to
// the counters; snapshot() reads them. All members are atomics: any thread.

#include <atomic>
#include <cstdint>

namespace voxgate::agent {

struct AgentStats {
  uint64_t connections = 0;          // accepted since start
  uint64_t active_connections = 0;   // open now
  uint64_t turns_recognised = 0;     // caller turns that went through ASR
  uint64_t responses = 0;            // response.created sent
  uint64_t cancels = 0;              // responses ended as cancelled
  uint64_t bad_events = 0;           // client messages answered with invalid_event
  double asr_seconds = 0;            // wall time in ASR
  double tts_seconds = 0;            // wall time in TTS
  double reply_latency_seconds = 0;  // sum over turns: speech_stopped -> first reply delta
  uint64_t reply_latency_count = 0;
};

class AgentStatsCounters {
 public:
  std::atomic<uint64_t> connections{0};
  std::atomic<uint64_t> active_connections{0};
  std::atomic<uint64_t> turns_recognised{0};
  std::atomic<uint64_t> responses{0};
  std::atomic<uint64_t> cancels{0};
  std::atomic<uint64_t> bad_events{0};
  std::atomic<double> asr_seconds{0};
  std::atomic<double> tts_seconds{0};
  std::atomic<double> reply_latency_seconds{0};
  std::atomic<uint64_t> reply_latency_count{0};

  AgentStats snapshot() const {
    return {connections.load(),
            active_connections.load(),
            turns_recognised.load(),
            responses.load(),
            cancels.load(),
            bad_events.load(),
            asr_seconds.load(),
            tts_seconds.load(),
            reply_latency_seconds.load(),
            reply_latency_count.load()};
  }
};

}  // namespace voxgate::agent
