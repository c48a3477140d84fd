#include "audio/resampler.hpp"

#include <speex/speex_resampler.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace voxgate::audio {

Resampler::Resampler(int in_rate, int out_rate, int quality)
    : in_rate_(in_rate), out_rate_(out_rate) {
  if (in_rate <= 0 || out_rate <= 0 || quality < 0 || quality > 10) {
    throw std::invalid_argument("Resampler: bad rate or quality");
  }
  int err = 0;
  state_ = speex_resampler_init(1, static_cast<spx_uint32_t>(in_rate),
                                static_cast<spx_uint32_t>(out_rate), quality, &err);
  if (state_ == nullptr || err != RESAMPLER_ERR_SUCCESS) {
    throw std::runtime_error(std::string("speex_resampler_init: ") + speex_resampler_strerror(err));
  }
  // Without this the first output samples are the filter's zero history
  // "pre-roll"; skipping it keeps input and output aligned in time.
  speex_resampler_skip_zeros(state_);
}

Resampler::~Resampler() {
  if (state_ != nullptr) speex_resampler_destroy(state_);
}

Resampler::Resampler(Resampler&& o) noexcept
    : in_rate_(o.in_rate_), out_rate_(o.out_rate_), state_(std::exchange(o.state_, nullptr)) {}

Resampler& Resampler::operator=(Resampler&& o) noexcept {
  if (this != &o) {
    if (state_ != nullptr) speex_resampler_destroy(state_);
    in_rate_ = o.in_rate_;
    out_rate_ = o.out_rate_;
    state_ = std::exchange(o.state_, nullptr);
  }
  return *this;
}

void Resampler::process(std::span<const int16_t> in, std::vector<int16_t>& out) {
  const int16_t* src = in.data();
  size_t left = in.size();
  while (left > 0) {
    // Room for the whole remaining input plus filter slack.
    const size_t room = left * static_cast<size_t>(out_rate_) / static_cast<size_t>(in_rate_) + 64;
    const size_t old = out.size();
    out.resize(old + room);
    spx_uint32_t in_len = static_cast<spx_uint32_t>(left);
    spx_uint32_t out_len = static_cast<spx_uint32_t>(room);
    speex_resampler_process_int(state_, 0, src, &in_len, out.data() + old, &out_len);
    out.resize(old + out_len);
    if (in_len == 0 && out_len == 0) break;  // cannot make progress; never expected
    src += in_len;
    left -= in_len;
  }
}

std::vector<int16_t> Resampler::process(std::span<const int16_t> in) {
  std::vector<int16_t> out;
  out.reserve(in.size() * static_cast<size_t>(out_rate_) / static_cast<size_t>(in_rate_) + 64);
  process(in, out);
  return out;
}

void Resampler::flush(std::vector<int16_t>& out) {
  const int latency = speex_resampler_get_input_latency(state_);
  if (latency <= 0) return;
  const std::vector<int16_t> zeros(static_cast<size_t>(latency), 0);
  process(zeros, out);
}

void Resampler::reset() {
  speex_resampler_reset_mem(state_);
  speex_resampler_skip_zeros(state_);
}

}  // namespace voxgate::audio
