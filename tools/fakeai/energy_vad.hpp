#pragma once
// EnergyVad: the fake AI's caller-turn detector, shared by both protocols.
// RMS over 20 ms frames of decoded mu-law; speech starts after `start_ms`
// above the threshold and stops after `silence_ms` below it. Times are on
// the input timeline (ms of caller audio fed). Pure; owned by one session.

#include <cstdint>
#include <functional>
#include <span>

namespace voxgate::fakeai {

class EnergyVad {
 public:
  EnergyVad(double threshold, int64_t start_ms, int64_t silence_ms)
      : threshold_(threshold), start_ms_(start_ms), silence_ms_(silence_ms) {}

  // `in_speech` is the session's turn state (scripted events move it too);
  // `on_start` / `on_stop` get the onset / end time on the input timeline.
  void feed(std::span<const uint8_t> ulaw, const std::function<bool()>& in_speech,
            const std::function<void(int64_t)>& on_start,
            const std::function<void(int64_t)>& on_stop);
  int64_t input_ms() const { return input_ms_; }

 private:
  double threshold_;
  int64_t start_ms_, silence_ms_;
  double sumsq_ = 0;
  int samples_ = 0;
  int64_t input_ms_ = 0, loud_ms_ = 0, quiet_ms_ = 0;
};

}  // namespace voxgate::fakeai
