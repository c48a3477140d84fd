#include "agent/live_audio.hpp"

#include "audio/g711.hpp"

namespace voxgate::agent {

LiveAudio::LiveAudio(std::string type, int rate) : type_(std::move(type)), rate_(rate) {
  if (type_ == "audio/pcm") pcm_.emplace(rate_);
}

bool LiveAudio::to_ulaw8k(std::string_view in, std::vector<uint8_t>& out) {
  out.clear();
  if (type_ == "audio/pcmu") {
    out.assign(in.begin(), in.end());
    return true;
  }
  if (type_ == "audio/pcma") {
    for (char c : in)
      out.push_back(audio::linear_to_ulaw(audio::alaw_to_linear(static_cast<uint8_t>(c))));
    return true;
  }
  return pcm_->to_ulaw(in, out);
}

std::string LiveAudio::from_ulaw8k(std::span<const uint8_t> ulaw) {
  std::string out;
  if (type_ == "audio/pcmu") return std::string(ulaw.begin(), ulaw.end());
  if (type_ == "audio/pcma") {
    for (uint8_t c : ulaw)
      out.push_back(static_cast<char>(audio::linear_to_alaw(audio::ulaw_to_linear(c))));
    return out;
  }
  pcm_->from_ulaw(ulaw, out);
  return out;
}

}  // namespace voxgate::agent
