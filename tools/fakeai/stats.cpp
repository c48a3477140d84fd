#include "fakeai/stats.hpp"

#include <sstream>

namespace voxgate::fakeai {

uint64_t Stats::received(const std::string& type) const {
  auto it = events_received.find(type);
  return it == events_received.end() ? 0 : it->second;
}

uint64_t Stats::errors(const std::string& code) const {
  auto it = errors_sent.find(code);
  return it == errors_sent.end() ? 0 : it->second;
}

void Stats::merge(const Stats& o) {
  connections += o.connections;
  refused += o.refused;
  for (const auto& [k, v] : o.events_received) events_received[k] += v;
  audio_bytes_received += o.audio_bytes_received;
  responses_started += o.responses_started;
  responses_completed += o.responses_completed;
  responses_cancelled += o.responses_cancelled;
  responses_interrupted += o.responses_interrupted;
  deltas_sent += o.deltas_sent;
  late_deltas_sent += o.late_deltas_sent;
  audio_bytes_sent += o.audio_bytes_sent;
  speech_started += o.speech_started;
  tool_calls += o.tool_calls;
  truncate_audio_end_ms.insert(truncate_audio_end_ms.end(), o.truncate_audio_end_ms.begin(),
                               o.truncate_audio_end_ms.end());
  for (const auto& [k, v] : o.errors_sent) errors_sent[k] += v;
  malformed_sent += o.malformed_sent;
  closes_injected += o.closes_injected;
}

std::string Stats::summary() const {
  std::ostringstream os;
  os << "connections=" << connections << " refused=" << refused
     << " audio_bytes_received=" << audio_bytes_received << " responses=" << responses_started
     << " completed=" << responses_completed << " cancelled=" << responses_cancelled
     << " interrupted=" << responses_interrupted << " deltas=" << deltas_sent
     << " late_deltas=" << late_deltas_sent << " speech_started=" << speech_started
     << " tool_calls=" << tool_calls << " truncates=" << truncate_audio_end_ms.size()
     << " malformed=" << malformed_sent << " closes=" << closes_injected << " received={";
  const char* sep = "";
  for (const auto& [k, v] : events_received) os << sep << k << ":" << v, sep = ",";
  os << "} errors={";
  sep = "";
  for (const auto& [k, v] : errors_sent) os << sep << k << ":" << v, sep = ",";
  os << "}";
  return os.str();
}

}  // namespace voxgate::fakeai
