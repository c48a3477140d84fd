#pragma once
// The process's own figures per minute for the last hour (the dashboard's
// plots): turn latency, barge-in latency and time to first AI audio as
// percentiles of the observations made in each minute (the differences of
// the histograms' bucket counts since the previous sample, so no observation
// is kept), calls started and calls ended by end reason per minute.
//
// sample() is called once a minute (the app's timer); the minute is stamped
// with the injected clock's time (Unix time: the app's bridge::UnixClock).
// Only kKeep minutes are kept. Thread-safe: sample() and json() may run on
// different threads.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "obs/call_metrics.hpp"

namespace voxgate::obs {

struct Percentiles {
  uint64_t count = 0;
  std::optional<double> p50_ms, p95_ms, p99_ms;  // none without observations
};

struct MinuteFigure {
  int64_t end_ms = 0;  // Unix ms of the sample that closed this minute
  Percentiles turn_latency, barge_in_latency, first_audio;
  uint64_t calls_started = 0;
  std::map<std::string, uint64_t> ended;  // by end reason
};

class MinuteFigures {
 public:
  static constexpr size_t kKeep = 60;  // an hour of minutes

  // Both outlive this. The first sample() counts from construction.
  MinuteFigures(const CallMetrics& metrics, const common::Clock& unix_clock);

  void sample();
  std::vector<MinuteFigure> minutes() const;
  // {"minutes":[{"end_ms":..,"turn_latency_ms":{"count":..,"p50":..,"p95":..,
  // "p99":..},"barge_in_latency_ms":{..},"first_audio_ms":{..},
  // "calls_started":..,"ended":{"reason":n,..}},..]}, oldest first.
  std::string json() const;

 private:
  struct Reading {
    std::vector<uint64_t> turn, barge_in, first_audio;
    uint64_t started = 0;
    std::map<std::string, uint64_t> ended;
  };
  Reading read() const;

  const CallMetrics& metrics_;
  const common::Clock& clock_;
  mutable std::mutex mu_;
  Reading last_;
  std::deque<MinuteFigure> minutes_;
};

}  // namespace voxgate::obs
