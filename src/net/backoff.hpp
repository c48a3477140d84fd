#pragma once
// Backoff: exponential reconnect delays with jitter, deterministic from an
// injected seed and free of clocks (STYLE.md "Time and randomness"), so a
// reconnect policy is a plain unit test.
//
// Owner: the component that retries (e.g. the AI-leg client). Not
// thread-safe: use on one strand.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>

namespace voxgate::net {

struct BackoffOptions {
  std::chrono::milliseconds initial{200};
  std::chrono::milliseconds max{30000};
  double multiplier = 2.0;
  double jitter = 0.2;  // each delay is base * [1 - jitter, 1 + jitter], capped at max
};

class Backoff {
 public:
  explicit Backoff(BackoffOptions opts = {}, uint64_t seed = 0) : opts_(opts), rng_(seed) {}

  // The delay before the next attempt; counts the attempt.
  std::chrono::milliseconds next() {
    const double base = std::min(static_cast<double>(opts_.max.count()),
                                 static_cast<double>(opts_.initial.count()) *
                                     std::pow(opts_.multiplier, static_cast<double>(attempts_)));
    ++attempts_;
    // 53 random bits -> [0, 1): mt19937_64 is fully specified, unlike the
    // std distributions, so a seed gives the same delays everywhere.
    const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    const double factor = 1.0 - opts_.jitter + 2.0 * opts_.jitter * u;
    const double ms = std::min(static_cast<double>(opts_.max.count()), base * factor);
    return std::chrono::milliseconds(static_cast<int64_t>(ms));
  }

  void reset() { attempts_ = 0; }
  uint32_t attempts() const { return attempts_; }

 private:
  BackoffOptions opts_;
  std::mt19937_64 rng_;
  uint32_t attempts_ = 0;
};

}  // namespace voxgate::net
