#pragma once
// CallerStallGuard: tells when a caller has stopped reading. Fed the outcome
// of every audio send to the caller (refused = the connection's bounded write
// queue is full) and, on every tick, whether writes are waiting and how many
// have completed; stalled() once sends have been refused without a single
// success for `timeout`, or writes have waited that long without one
// completing (the kernel's buffers toward the caller are full even though
// our queue is not). BEHAVIOUR 5: buffering toward a caller is bounded, and a
// caller that never drains it ends its own call, not the process.
//
// Owner: the CallRunner. Thread affinity: the call's strand.

#include <cstdint>
#include <optional>

#include "common/clock.hpp"

namespace voxgate::bridge {

class CallerStallGuard {
 public:
  explicit CallerStallGuard(common::Millis timeout) : timeout_(timeout) {}

  void on_send(bool accepted, common::TimePoint now) {
    if (accepted) {
      refused_since_.reset();
    } else if (!refused_since_) {
      refused_since_ = now;
    }
  }

  // `backlog`: messages wait to be written; `written`: writes completed so far.
  void on_tick(bool backlog, uint64_t written, common::TimePoint now) {
    if (!backlog || written != written_) {
      blocked_since_.reset();
    } else if (!blocked_since_) {
      blocked_since_ = now;
    }
    written_ = written;
  }

  bool stalled(common::TimePoint now) const {
    return (refused_since_ && now - *refused_since_ >= timeout_) ||
           (blocked_since_ && now - *blocked_since_ >= timeout_);
  }

 private:
  common::Millis timeout_;
  std::optional<common::TimePoint> refused_since_;  // first refusal since the last success
  std::optional<common::TimePoint> blocked_since_;  // backlog without a completed write since
  uint64_t written_ = 0;
};

}  // namespace voxgate::bridge
