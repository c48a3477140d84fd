#include "audio/heard_mixer.hpp"

#include "audio/g711.hpp"

namespace voxgate::audio {

void HeardMixer::on_agent_audio(std::span<const uint8_t> ulaw) {
  decoded_.resize(ulaw.size());
  ulaw_decode(ulaw, decoded_);
  on_agent_samples(decoded_);
}

void HeardMixer::on_caller_frame(std::span<const uint8_t> ulaw, std::vector<int16_t>& out) {
  decoded_.resize(ulaw.size());
  ulaw_decode(ulaw, decoded_);
  on_caller_samples(decoded_, out);
}

void HeardMixer::on_agent_samples(std::span<const int16_t> agent) {
  const size_t room = max_pending_ > pending_.size() ? max_pending_ - pending_.size() : 0;
  const size_t take = std::min(room, agent.size());
  pending_.insert(pending_.end(), agent.begin(), agent.begin() + static_cast<std::ptrdiff_t>(take));
  dropped_ += agent.size() - take;
}

void HeardMixer::on_caller_samples(std::span<const int16_t> caller, std::vector<int16_t>& out) {
  out.reserve(out.size() + caller.size() * 2);
  for (const int16_t sample : caller) {
    out.push_back(sample);
    if (pending_.empty()) {
      out.push_back(0);
    } else {
      out.push_back(pending_.front());
      pending_.pop_front();
    }
  }
}

}  // namespace voxgate::audio
