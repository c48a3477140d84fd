#pragma once
// Lets through at most `burst` events per `window`, counting the rest, so a
// per-frame warning cannot flood the log (STYLE.md: rate-limited logs).
// Takes `now` from the caller; one instance per call, used on its strand.

#include <cstdint>

#include "common/clock.hpp"

namespace voxgate::obs {

class RateLimiter {
 public:
  RateLimiter(uint32_t burst, common::Duration window) : burst_(burst), window_(window) {}

  // True if this event may be logged. `suppressed()` then tells how many were
  // swallowed since the last allowed one (to append "(N suppressed)").
  bool allow(common::TimePoint now) {
    if (now - window_start_ >= window_) {
      window_start_ = now;
      used_ = 0;
    }
    if (used_ < burst_) {
      ++used_;
      last_suppressed_ = suppressed_;
      suppressed_ = 0;
      return true;
    }
    ++suppressed_;
    return false;
  }
  uint64_t suppressed() const { return last_suppressed_; }

 private:
  uint32_t burst_;
  common::Duration window_;
  common::TimePoint window_start_{};
  uint32_t used_ = 0;
  uint64_t suppressed_ = 0;
  uint64_t last_suppressed_ = 0;
};

}  // namespace voxgate::obs
