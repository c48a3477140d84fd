#include "call/append_batcher.hpp"

#include "audio/base64.hpp"

namespace voxgate::call {

AppendBatcher::AppendBatcher(common::Millis interval)
    : interval_(interval),
      threshold_bytes_(static_cast<std::size_t>(interval.count() * kBytesPerMs)),
      pass_through_(interval.count() <= kFrameMs) {}

void AppendBatcher::set_bytes_per_ms(int64_t bytes_per_ms) {
  threshold_bytes_ = static_cast<std::size_t>(interval_.count() * bytes_per_ms);
}

bool AppendBatcher::append_decoded(std::string_view payload_b64) {
  if (!audio::base64_decode(payload_b64, scratch_)) return false;
  pending_.insert(pending_.end(), scratch_.begin(), scratch_.end());
  return true;
}

std::optional<std::string_view> AppendBatcher::take() {
  if (pending_.empty()) return std::nullopt;
  audio::base64_encode(pending_, encoded_);  // reuses encoded_'s capacity
  clear();
  return std::string_view(encoded_);
}

void AppendBatcher::clear() {
  pending_.clear();
  frames_ = 0;
}

}  // namespace voxgate::call
