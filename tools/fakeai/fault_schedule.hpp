#pragma once
// FaultSchedule: when the script's faults shared by both protocols fire
// (README "Faults": malformed frames, an error, a stall, a close), each once,
// timed from the connection's open. The sessions do what each fault means
// in their protocol. Pure; owned by one session.

#include <cstdint>
#include <functional>

#include "common/clock.hpp"
#include "fakeai/script.hpp"

namespace voxgate::fakeai {

class FaultSchedule {
 public:
  using TimePoint = common::TimePoint;
  // `enabled` is false when fault_connections excludes this connection.
  FaultSchedule(const CallScript& script, bool enabled, TimePoint start)
      : s_(script), enabled_(enabled), start_(start) {}

  // Each returns true once, when its fault is due by `now`.
  bool malformed_due(TimePoint now) { return once(s_.malformed_after_ms, malformed_, now); }
  bool error_due(TimePoint now) { return once(s_.error_after_ms, error_, now); }
  bool stall_due(TimePoint now) { return once(s_.stall_after_ms, stalled_, now); }
  // The close repeats: a connection closed once has nothing more to do.
  bool close_due(TimePoint now) const {
    return on(s_.close_after_ms) && at(s_.close_after_ms) <= now;
  }

  bool stalled() const { return stalled_; }
  bool enabled() const { return enabled_; }
  TimePoint at(int64_t ms) const { return start_ + common::Millis(ms); }
  // Passes each pending fault time to `consider`.
  void deadlines(const std::function<void(TimePoint)>& consider) const {
    if (on(s_.close_after_ms)) consider(at(s_.close_after_ms));
    if (on(s_.error_after_ms) && !error_) consider(at(s_.error_after_ms));
    if (on(s_.malformed_after_ms) && !malformed_) consider(at(s_.malformed_after_ms));
    if (on(s_.stall_after_ms) && !stalled_) consider(at(s_.stall_after_ms));
  }

 private:
  bool on(int64_t ms) const { return enabled_ && ms > 0; }
  bool once(int64_t ms, bool& fired, TimePoint now) {
    if (!on(ms) || fired || at(ms) > now) return false;
    fired = true;
    return true;
  }

  const CallScript& s_;
  const bool enabled_;
  const TimePoint start_;
  bool malformed_ = false, error_ = false, stalled_ = false;
};

}  // namespace voxgate::fakeai
