#include "agent/live_audio.hpp"

#include "audio/g711.hpp"

namespace voxgate::agent {

LiveAudio::LiveAudio(std::string type, int rate) : type_(std::move(type)), rate_(rate) {
  if (type_ == "audio/pcm") {
    down_.emplace(rate_, 8000);
    up_.emplace(8000, rate_);
  }
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
  if (in.size() % 2 != 0) return false;
  std::vector<int16_t> pcm(in.size() / 2);
  for (size_t i = 0; i < pcm.size(); ++i) {
    pcm[i] = static_cast<int16_t>(static_cast<uint8_t>(in[2 * i]) |
                                  (static_cast<uint8_t>(in[2 * i + 1]) << 8));
  }
  for (int16_t s : down_->process(pcm)) out.push_back(audio::linear_to_ulaw(s));
  return true;
}

std::string LiveAudio::from_ulaw8k(std::span<const uint8_t> ulaw) {
  std::string out;
  if (type_ == "audio/pcmu") return std::string(ulaw.begin(), ulaw.end());
  if (type_ == "audio/pcma") {
    for (uint8_t c : ulaw)
      out.push_back(static_cast<char>(audio::linear_to_alaw(audio::ulaw_to_linear(c))));
    return out;
  }
  std::vector<int16_t> pcm8k(ulaw.size());
  for (size_t i = 0; i < ulaw.size(); ++i) pcm8k[i] = audio::ulaw_to_linear(ulaw[i]);
  for (int16_t s : up_->process(pcm8k)) {
    const auto u = static_cast<uint16_t>(s);
    out.push_back(static_cast<char>(u & 0xff));
    out.push_back(static_cast<char>(u >> 8));
  }
  return out;
}

}  // namespace voxgate::agent
