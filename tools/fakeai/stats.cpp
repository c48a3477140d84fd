#include "fakeai/stats.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
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

void Stats::keep_audio(std::string_view bytes) {
  if (audio_head.size() < kAudioHeadBytes) {
    audio_head.append(bytes.substr(0, kAudioHeadBytes - audio_head.size()));
  }
}

void Stats::merge(const Stats& o) {
  keep_audio(o.audio_head);
  connections += o.connections;
  refused += o.refused;
  for (const auto& [k, v] : o.events_received) events_received[k] += v;
  audio_bytes_received += o.audio_bytes_received;
  responses_started += o.responses_started;
  responses_completed += o.responses_completed;
  responses_cancelled += o.responses_cancelled;
  responses_failed += o.responses_failed;
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
  append_latency_ms.insert(append_latency_ms.end(), o.append_latency_ms.begin(),
                           o.append_latency_ms.end());
  appends_stamped_before_connect += o.appends_stamped_before_connect;
  for (const auto& [k, v] : o.live_formats) live_formats[k] += v;
  for (const auto& [k, v] : o.realtime_formats) realtime_formats[k] += v;
  start_input_messages.insert(start_input_messages.end(), o.start_input_messages.begin(),
                              o.start_input_messages.end());
  silence_deltas_sent += o.silence_deltas_sent;
}

std::string Stats::summary() const {
  std::ostringstream os;
  os << "connections=" << connections << " refused=" << refused
     << " audio_bytes_received=" << audio_bytes_received << " responses=" << responses_started
     << " completed=" << responses_completed << " cancelled=" << responses_cancelled
     << " failed=" << responses_failed << " interrupted=" << responses_interrupted
     << " deltas=" << deltas_sent << " late_deltas=" << late_deltas_sent
     << " speech_started=" << speech_started << " tool_calls=" << tool_calls
     << " truncates=" << truncate_audio_end_ms.size() << " malformed=" << malformed_sent
     << " closes=" << closes_injected << " silence_deltas=" << silence_deltas_sent << " received={";
  const char* sep = "";
  for (const auto& [k, v] : events_received) os << sep << k << ":" << v, sep = ",";
  os << "} errors={";
  sep = "";
  for (const auto& [k, v] : errors_sent) os << sep << k << ":" << v, sep = ",";
  os << "}";
  return os.str();
}

namespace {
// Nearest-rank percentile of sorted samples.
double rank(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto r = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(r, 1, sorted.size()) - 1];
}
}  // namespace

std::string Stats::to_json() const {
  namespace json = boost::json;
  std::vector<double> lat = append_latency_ms;
  std::sort(lat.begin(), lat.end());
  json::object received, errors;
  for (const auto& [k, v] : events_received) received[k] = v;
  for (const auto& [k, v] : errors_sent) errors[k] = v;
  json::object o{{"connections", connections},
                 {"refused", refused},
                 {"audio_bytes_received", audio_bytes_received},
                 {"responses_started", responses_started},
                 {"responses_completed", responses_completed},
                 {"responses_cancelled", responses_cancelled},
                 {"responses_failed", responses_failed},
                 {"responses_interrupted", responses_interrupted},
                 {"deltas_sent", deltas_sent},
                 {"late_deltas_sent", late_deltas_sent},
                 {"speech_started", speech_started},
                 {"truncates", truncate_audio_end_ms.size()},
                 {"silence_deltas_sent", silence_deltas_sent},
                 {"events_received", std::move(received)},
                 {"errors_sent", std::move(errors)},
                 {"appends_stamped_before_connect", appends_stamped_before_connect},
                 {"append_latency_ms",
                  {{"count", lat.size()},
                   {"p50", rank(lat, 0.50)},
                   {"p99", rank(lat, 0.99)},
                   {"max", lat.empty() ? 0.0 : lat.back()}}}};
  return json::serialize(o);
}

}  // namespace voxgate::fakeai
