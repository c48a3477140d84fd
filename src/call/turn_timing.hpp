#pragma once
// TurnTiming: the moments of a turn the session measures and acts on
// (BEHAVIOUR 3 and 6): the caller's speech start that has not barged in yet
// (BEHAVIOUR 3 "Echo and noise": barge-in waits for min_barge_in_speech),
// the caller's speech stop (turn latency: speech stopped -> first AI audio),
// and the first AI audio of the call (time to first audio). Each latency is
// reported once. Owned by one CallSession; not thread-safe.

#include <chrono>
#include <optional>

#include "common/clock.hpp"

namespace voxgate::call {

class TurnTiming {
 public:
  // The caller speaks: a barge-in candidate from its first start; the turn
  // latency waits for the next stop.
  void on_speech_started(common::TimePoint now) {
    stopped_at_.reset();
    if (!started_at_) started_at_ = now;
  }
  // Speech shorter than min_barge_in_speech never barges in.
  void on_speech_stopped(common::TimePoint now) {
    started_at_.reset();
    stopped_at_ = now;
  }
  bool barge_in_due(common::TimePoint now, common::Duration min_speech) const {
    return started_at_ && now - *started_at_ >= min_speech;
  }
  // The speech start a barge-in is measured from (now if none); taken once.
  common::TimePoint take_speech_start(common::TimePoint now) {
    common::TimePoint started = started_at_.value_or(now);
    started_at_.reset();
    return started;
  }
  // AI audio reached the caller: seconds since `call_start` the first time
  // in the call, else nothing.
  std::optional<double> first_audio(common::TimePoint now, common::TimePoint call_start) {
    if (first_audio_at_) return std::nullopt;
    first_audio_at_ = now;
    return seconds(call_start, now);
  }
  // Seconds since the caller's speech stopped, once per turn.
  std::optional<double> turn_latency(common::TimePoint now) {
    if (!stopped_at_) return std::nullopt;
    double s = seconds(*stopped_at_, now);
    stopped_at_.reset();
    return s;
  }
  // The AI leg failed or the call ends: no turn is being measured.
  void reset() {
    started_at_.reset();
    stopped_at_.reset();
  }

 private:
  static double seconds(common::TimePoint from, common::TimePoint to) {
    return std::chrono::duration<double>(to - from).count();
  }
  std::optional<common::TimePoint> started_at_;
  std::optional<common::TimePoint> stopped_at_;
  std::optional<common::TimePoint> first_audio_at_;
};

}  // namespace voxgate::call
