#include "audio/heard_mixer.hpp"

#include "audio/g711.hpp"

namespace voxgate::audio {

void HeardMixer::on_agent_audio(std::span<const uint8_t> ulaw) {
  const size_t room = max_pending_ > pending_.size() ? max_pending_ - pending_.size() : 0;
  const size_t take = std::min(room, ulaw.size());
  pending_.insert(pending_.end(), ulaw.begin(), ulaw.begin() + static_cast<std::ptrdiff_t>(take));
  dropped_ += ulaw.size() - take;
}

void HeardMixer::on_caller_frame(std::span<const uint8_t> ulaw, std::vector<int16_t>& out) {
  out.reserve(out.size() + ulaw.size() * 2);
  for (uint8_t caller : ulaw) {
    out.push_back(ulaw_to_linear(caller));
    if (pending_.empty()) {
      out.push_back(0);
    } else {
      out.push_back(ulaw_to_linear(pending_.front()));
      pending_.pop_front();
    }
  }
}

}  // namespace voxgate::audio
