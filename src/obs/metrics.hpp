#pragma once
// Metrics primitives and the registry that renders them in the Prometheus
// text exposition format (GET /metrics).
//
// Hand-written: Debian 12 packages no C++ Prometheus client, and the format is
// small. Counters, gauges and histogram buckets are lock-free atomics, so any
// I/O thread may update them; families and label children are created under a
// mutex (rare: at start-up or the first time a label value is seen).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace voxgate::obs {

class Counter {
 public:
  void inc(uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

class Gauge {
 public:
  void set(int64_t v) { v_.store(v, std::memory_order_relaxed); }
  void add(int64_t d) { v_.fetch_add(d, std::memory_order_relaxed); }
  int64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> v_{0};
};

// Cumulative histogram with fixed upper bounds (seconds for latencies).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const;
  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size() is +Inf).
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  // Value below which fraction q of observations fall, interpolated in the
  // bucket (as Prometheus' histogram_quantile does). 0 when empty.
  double quantile(double q) const;
  // The non-cumulative bucket counts, +Inf last.
  std::vector<uint64_t> buckets() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micros_{0};  // sum * 1e6, so it stays an integer atomic
};

// bucket_quantile: Histogram::quantile over given non-cumulative bucket
// counts (bounds.size() + 1 of them, +Inf last): e.g. the differences of two
// readings of one histogram, for the observations between them.
double bucket_quantile(const std::vector<double>& bounds, const std::vector<uint64_t>& counts,
                       double q);

// Latency buckets from 100 us to 10 s.
std::vector<double> latency_buckets_seconds();

// Owns metric families. Thread-safe. Children are never removed, so returned
// references stay valid for the registry's lifetime.
class MetricsRegistry {
 public:
  Counter& counter(const std::string& name, const std::string& help,
                   const std::string& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const std::string& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::string& labels = {},
                       std::vector<double> bounds = latency_buckets_seconds());
  // `labels` above is the rendered label set, e.g. `reason="cancelled"`.
  std::string render_prometheus() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(const std::string& name, const std::string& help, Kind kind);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// Renders `key="value"` with Prometheus label-value escaping.
std::string label(const std::string& key, const std::string& value);

}  // namespace voxgate::obs
