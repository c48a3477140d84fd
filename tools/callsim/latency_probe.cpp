#include "callsim/latency_probe.hpp"

#include <algorithm>

#include "callsim/latency_stamp.hpp"

namespace voxgate::callsim {
namespace {
constexpr double kNsPerMs = 1e6;
constexpr size_t kMaxClears = 64;
}  // namespace

void LatencyProbe::stamp_caller_frame(std::span<uint8_t> ulaw, int64_t now_ns) const {
  LatencyStamp s;
  s.sent_ns = now_ns;
  write_stamp(ulaw, s);
}

void LatencyProbe::on_media(std::span<const uint8_t> ulaw, int64_t now_ns) {
  const auto s = read_stamp(ulaw);
  if (!s) return;
  ai_to_caller_ms_.push_back(double(now_ns - s->sent_ns) / kNsPerMs);
  // BEHAVIOUR 3: no audio of a cancelled response may reach the caller.
  if ((s->flags & LatencyStamp::kLate) != 0 || (s->response <= cancelled_upto_)) ++heard_cancelled_;
  last_response_ = std::max(last_response_, s->response);
  const int64_t speech = s->speech_started_ns;
  if (speech <= last_paired_speech_ns_) return;
  // The first clear at or after that speech_started is the barge-in it caused.
  std::erase_if(clears_ns_, [speech](int64_t c) { return c < speech; });
  if (clears_ns_.empty()) return;
  barge_in_ms_.push_back(double(clears_ns_.front() - speech) / kNsPerMs);
  last_paired_speech_ns_ = speech;
  clears_ns_.clear();
}

void LatencyProbe::on_clear(int64_t now_ns) {
  if (clears_ns_.size() < kMaxClears) clears_ns_.push_back(now_ns);
  cancelled_upto_ = last_response_;
}

}  // namespace voxgate::callsim
