#pragma once
// Pacer: the send schedule of one call's media, on absolute deadlines.
// Frame k (from 1) covers [(k-1)*20, k*20) ms of the stream and is due at
// start + k*20 ms, so a late timer never shifts later frames (no drift): if
// the process falls behind, the next deadlines are already past and the
// frames go out back to back until it has caught up.
// Owned by one CallDriver; pure, takes `now`; not thread-safe.

#include <chrono>
#include <cstdint>

#include "common/clock.hpp"

namespace voxgate::callsim {

class Pacer {
 public:
  static constexpr std::chrono::milliseconds kFrame{20};

  Pacer(common::TimePoint start, uint64_t total_frames) : start_(start), total_(total_frames) {}

  bool done() const { return next_ > total_; }
  uint64_t next_chunk() const { return next_; }
  // Media `timestamp` of the next frame: ms since stream start of its first sample.
  uint64_t next_timestamp_ms() const { return (next_ - 1) * uint64_t(kFrame.count()); }
  common::TimePoint deadline(uint64_t chunk) const { return start_ + kFrame * int64_t(chunk); }
  common::TimePoint next_deadline() const { return deadline(next_); }

  // Marks the next frame sent at `now`; returns how late it was.
  std::chrono::nanoseconds sent(common::TimePoint now) {
    const auto late = now - next_deadline();
    ++next_;
    return late > common::Duration::zero() ? late : std::chrono::nanoseconds::zero();
  }

 private:
  common::TimePoint start_;
  uint64_t total_;
  uint64_t next_ = 1;
};

}  // namespace voxgate::callsim
