#pragma once
// Reconnect delays (BEHAVIOUR 5.3: jittered exponential backoff) and the
// small deterministic PRNG behind the jitter. The call core reads no clock and
// no entropy (STYLE.md "Time and randomness"): the shell seeds the generator
// through SessionConfig::random_seed (from std::random_device); tests fix it.
// splitmix64 is hand-written because it is ten lines; <random>'s engines would
// do, but their distributions are not specified bit-for-bit across standard
// libraries, and a test that pins a delay must not depend on that.

#include <algorithm>
#include <cstdint>

#include "common/clock.hpp"

namespace voxgate::call {

// splitmix64 (Steele, Lea, Flood 2014; public-domain reference by S. Vigna).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// Wait before redial n (1-based): d = min(cap, base * 2^(n-1)), then "equal
// jitter": d/2 plus a uniform share of the other half, so in [d/2, d]. Callers
// that redial at once keep the caller's wait short; the jitter spreads the
// redials of many calls that lost the AI leg together.
inline common::Millis backoff_delay(common::Millis base, common::Millis cap, int n,
                                    SplitMix64& rng) {
  int64_t d = std::max<int64_t>(base.count(), 0);
  for (int k = 1; k < n && d < cap.count(); ++k) d *= 2;
  d = std::min(d, std::max<int64_t>(cap.count(), 0));
  const int64_t half = d / 2;
  const auto span = static_cast<uint64_t>(d - half) + 1;
  return common::Millis(half + static_cast<int64_t>(rng.next() % span));
}

}  // namespace voxgate::call
