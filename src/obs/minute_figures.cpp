#include "obs/minute_figures.hpp"

#include <boost/json.hpp>
#include <chrono>

namespace voxgate::obs {
namespace {

namespace json = boost::json;

// Percentiles of the observations between two readings of a histogram
// whose bounds are in seconds; reported in milliseconds.
Percentiles between(const Histogram& h, const std::vector<uint64_t>& before,
                    const std::vector<uint64_t>& now) {
  std::vector<uint64_t> delta(now.size());
  Percentiles p;
  for (size_t i = 0; i < now.size(); ++i) {
    delta[i] = now[i] - (i < before.size() ? before[i] : 0);
    p.count += delta[i];
  }
  if (p.count == 0) return p;
  p.p50_ms = bucket_quantile(h.bounds(), delta, 0.50) * 1000.0;
  p.p95_ms = bucket_quantile(h.bounds(), delta, 0.95) * 1000.0;
  p.p99_ms = bucket_quantile(h.bounds(), delta, 0.99) * 1000.0;
  return p;
}

json::value optional(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object percentiles_json(const Percentiles& p) {
  return {{"count", p.count},
          {"p50", optional(p.p50_ms)},
          {"p95", optional(p.p95_ms)},
          {"p99", optional(p.p99_ms)}};
}

}  // namespace

MinuteFigures::MinuteFigures(const CallMetrics& metrics, const common::Clock& unix_clock)
    : metrics_(metrics), clock_(unix_clock), last_(read()) {}

MinuteFigures::Reading MinuteFigures::read() const {
  return {metrics_.turn_latency.buckets(), metrics_.barge_in_latency.buckets(),
          metrics_.first_audio.buckets(), metrics_.calls_started.value(),
          metrics_.ended_by_reason()};
}

void MinuteFigures::sample() {
  const Reading now = read();
  const auto since_epoch = clock_.now().time_since_epoch();
  std::lock_guard lock(mu_);
  MinuteFigure m;
  m.end_ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
  m.turn_latency = between(metrics_.turn_latency, last_.turn, now.turn);
  m.barge_in_latency = between(metrics_.barge_in_latency, last_.barge_in, now.barge_in);
  m.first_audio = between(metrics_.first_audio, last_.first_audio, now.first_audio);
  m.calls_started = now.started - last_.started;
  for (const auto& [reason, n] : now.ended) {
    const auto before = last_.ended.find(reason);
    const uint64_t d = n - (before == last_.ended.end() ? 0 : before->second);
    if (d > 0) m.ended[reason] = d;
  }
  last_ = now;
  minutes_.push_back(std::move(m));
  while (minutes_.size() > kKeep) minutes_.pop_front();
}

std::vector<MinuteFigure> MinuteFigures::minutes() const {
  std::lock_guard lock(mu_);
  return {minutes_.begin(), minutes_.end()};
}

std::string MinuteFigures::json() const {
  json::array out;
  for (const auto& m : minutes()) {
    json::object ended;
    for (const auto& [reason, n] : m.ended) ended[reason] = n;
    out.push_back(json::object{{"end_ms", m.end_ms},
                               {"turn_latency_ms", percentiles_json(m.turn_latency)},
                               {"barge_in_latency_ms", percentiles_json(m.barge_in_latency)},
                               {"first_audio_ms", percentiles_json(m.first_audio)},
                               {"calls_started", m.calls_started},
                               {"ended", std::move(ended)}});
  }
  return json::serialize(json::object{{"minutes", std::move(out)}});
}

}  // namespace voxgate::obs
