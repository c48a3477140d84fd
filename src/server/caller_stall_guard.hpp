#pragma once
// CallerStallGuard: tells when a caller has stopped reading. Fed the outcome
// of every audio send to the caller (refused = the connection's bounded write
// queue is full); stalled() once sends have been refused without a single
// success for `timeout`. BEHAVIOUR 5: buffering toward a caller is bounded,
// and a caller that never drains it ends its own call, not the process.
//
// Owner: the CallRunner. Thread affinity: the call's strand.

#include <optional>

#include "common/clock.hpp"

namespace voxgate::server {

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

  bool stalled(common::TimePoint now) const {
    return refused_since_ && now - *refused_since_ >= timeout_;
  }

 private:
  common::Millis timeout_;
  std::optional<common::TimePoint> refused_since_;  // first refusal since the last success
};

}  // namespace voxgate::server
