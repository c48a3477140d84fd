#pragma once
// Resampler: streaming int16 mono sample-rate conversion over speexdsp.
//
// Owner: one audio path (a call's caller leg, one TTS synthesis). Keeps the
// filter state between calls to process(), so consecutive 20 ms frames are
// converted without clicks at frame edges. Not thread-safe; one thread at a
// time (it is cheap to make one per stream).

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

struct SpeexResamplerState_;

namespace voxgate::audio {

class Resampler {
 public:
  // quality: 0 (fastest) .. 10 (best), speexdsp's scale; 3 is speex's VoIP
  // default. Rates must be positive; invalid arguments throw at construction
  // (start-up only, never on the media path).
  Resampler(int in_rate, int out_rate, int quality = 3);
  ~Resampler();
  Resampler(Resampler&&) noexcept;
  Resampler& operator=(Resampler&&) noexcept;
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  // Converts `in` and appends the output samples to `out`.
  void process(std::span<const int16_t> in, std::vector<int16_t>& out);
  std::vector<int16_t> process(std::span<const int16_t> in);

  // Pushes the filter's latency worth of zeros through and appends what comes
  // out, so the tail of a finished utterance is not lost.
  void flush(std::vector<int16_t>& out);

  void reset();

  int in_rate() const { return in_rate_; }
  int out_rate() const { return out_rate_; }

 private:
  int in_rate_;
  int out_rate_;
  SpeexResamplerState_* state_ = nullptr;
};

}  // namespace voxgate::audio
