#pragma once
// LatencyProbe: one call's end-to-end latency figures for the load bench
// (`--latency-probe`, bench/README.md). It stamps outbound caller frames and
// reads the stamps fakeai puts into AI audio (latency_stamp.hpp):
//  - AI-to-caller: receive time minus the delta's send stamp;
//  - barge-in: a `clear`'s receive time minus the speech_started send time that
//    the next stamped delta reports (paired only when the clear came after it);
//  - heard from cancelled responses: stamped audio flagged late by fakeai, or of
//    a response no newer than the one playing when the last clear arrived.
// Owned by one CallDriver, used on its strand. Times are monotonic ns.

#include <cstdint>
#include <span>
#include <vector>

namespace voxgate::callsim {

class LatencyProbe {
 public:
  void stamp_caller_frame(std::span<uint8_t> ulaw, int64_t now_ns) const;
  void on_media(std::span<const uint8_t> ulaw, int64_t now_ns);
  void on_clear(int64_t now_ns);

  const std::vector<double>& ai_to_caller_ms() const { return ai_to_caller_ms_; }
  const std::vector<double>& barge_in_ms() const { return barge_in_ms_; }
  uint64_t heard_cancelled() const { return heard_cancelled_; }

 private:
  std::vector<double> ai_to_caller_ms_, barge_in_ms_;
  uint64_t heard_cancelled_ = 0;
  uint32_t last_response_ = 0;      // of the last stamped audio received
  uint32_t cancelled_upto_ = 0;     // responses <= this were cut by a clear
  std::vector<int64_t> clears_ns_;  // since the last paired barge-in (bounded)
  int64_t last_paired_speech_ns_ = 0;
};

}  // namespace voxgate::callsim
