#pragma once
// WavWriter: 16-bit PCM WAV files for call recordings (BEHAVIOUR.md section 6:
// stereo, caller left, agent right). flush() rewrites the RIFF and data sizes,
// so the file on disk is a valid WAV after every flush: a crash loses at most
// the audio since the last flush. Owned by one call's recorder; not
// thread-safe. Movable; the destructor closes (and so finalises) the file.
//
// read_wav_mono8k() loads 8 kHz prompts for tools: PCM16 or mu-law, mono or
// stereo; returns the first channel as PCM16.

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace voxgate::audio {

enum class WavError {
  kOpenFailed,
  kWriteFailed,
  kBadArgument,
  kReadFailed,
  kBadFormat,
  kUnsupported
};

std::string_view to_string(WavError e);

class WavWriter {
 public:
  static constexpr size_t kHeaderBytes = 44;

  static common::Result<WavWriter, WavError> open(const std::string& path, int channels,
                                                  int sample_rate = 8000);

  WavWriter(WavWriter&& other) noexcept;
  WavWriter& operator=(WavWriter&& other) noexcept;
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;
  ~WavWriter();

  // Interleaved samples (L R L R ... for stereo). A trailing partial frame is
  // written as is; callers pass whole frames.
  bool write(std::span<const int16_t> interleaved);
  // Rewrites the header sizes and flushes stdio buffers to the OS.
  bool flush();
  bool close();

  bool is_open() const { return file_ != nullptr; }
  int channels() const { return channels_; }
  int sample_rate() const { return sample_rate_; }
  uint64_t data_bytes() const { return data_bytes_; }

 private:
  WavWriter(std::FILE* file, int channels, int sample_rate);
  bool write_header();

  std::FILE* file_ = nullptr;
  int channels_ = 1;
  int sample_rate_ = 8000;
  uint64_t data_bytes_ = 0;
};

common::Result<std::vector<int16_t>, WavError> read_wav_mono8k(const std::string& path);

}  // namespace voxgate::audio
