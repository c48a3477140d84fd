#include "audio/wav_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <string_view>
#include <utility>

namespace voxgate::audio {
namespace {

constexpr uint16_t kFormatPcm = 1;
// RIFF sizes are 32-bit: stop growing the data chunk before they overflow.
constexpr uint64_t kMaxDataBytes = std::numeric_limits<uint32_t>::max() - WavWriter::kHeaderBytes;

void put_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}
void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace

std::string_view to_string(WavError e) {
  switch (e) {
    case WavError::kOpenFailed:
      return "open_failed";
    case WavError::kWriteFailed:
      return "write_failed";
    case WavError::kBadArgument:
      return "bad_argument";
    case WavError::kReadFailed:
      return "read_failed";
    case WavError::kBadFormat:
      return "bad_format";
    case WavError::kUnsupported:
      return "unsupported";
  }
  return "unknown";
}

common::Result<WavWriter, WavError> WavWriter::open(const std::string& path, int channels,
                                                    int sample_rate) {
  if ((channels != 1 && channels != 2) || sample_rate <= 0 || sample_rate > 384000) {
    return common::unexpected(WavError::kBadArgument);
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return common::unexpected(WavError::kOpenFailed);
  WavWriter w(f, channels, sample_rate);
  if (!w.write_header()) return common::unexpected(WavError::kWriteFailed);
  return w;
}

WavWriter::WavWriter(std::FILE* file, int channels, int sample_rate)
    : file_(file), channels_(channels), sample_rate_(sample_rate) {}

WavWriter::WavWriter(WavWriter&& other) noexcept
    : file_(std::exchange(other.file_, nullptr)),
      channels_(other.channels_),
      sample_rate_(other.sample_rate_),
      data_bytes_(other.data_bytes_) {}

WavWriter& WavWriter::operator=(WavWriter&& other) noexcept {
  if (this != &other) {
    close();
    file_ = std::exchange(other.file_, nullptr);
    channels_ = other.channels_;
    sample_rate_ = other.sample_rate_;
    data_bytes_ = other.data_bytes_;
  }
  return *this;
}

WavWriter::~WavWriter() {
  close();
}

// Canonical 44-byte header: RIFF, fmt (PCM 16-bit), data.
bool WavWriter::write_header() {
  std::array<uint8_t, kHeaderBytes> h{};
  const auto block_align = static_cast<uint16_t>(channels_ * 2);
  std::copy_n("RIFF", 4, h.begin());
  put_u32(&h[4], static_cast<uint32_t>(36 + data_bytes_));
  std::copy_n("WAVEfmt ", 8, h.begin() + 8);
  put_u32(&h[16], 16);
  put_u16(&h[20], kFormatPcm);
  put_u16(&h[22], static_cast<uint16_t>(channels_));
  put_u32(&h[24], static_cast<uint32_t>(sample_rate_));
  put_u32(&h[28], static_cast<uint32_t>(sample_rate_) * block_align);
  put_u16(&h[32], block_align);
  put_u16(&h[34], 16);
  std::copy_n("data", 4, h.begin() + 36);
  put_u32(&h[40], static_cast<uint32_t>(data_bytes_));
  if (std::fseek(file_, 0, SEEK_SET) != 0) return false;
  if (std::fwrite(h.data(), 1, h.size(), file_) != h.size()) return false;
  return std::fseek(file_, 0, SEEK_END) == 0;
}

bool WavWriter::write(std::span<const int16_t> interleaved) {
  if (file_ == nullptr) return false;
  const uint64_t bytes = interleaved.size() * 2;
  if (data_bytes_ + bytes > kMaxDataBytes) return false;
  // WAV is little-endian; so is every target we build for, but say it here.
  static_assert(std::endian::native == std::endian::little, "WAV writer assumes little-endian");
  const size_t n = std::fwrite(interleaved.data(), 2, interleaved.size(), file_);
  data_bytes_ += n * 2;
  return n == interleaved.size();
}

bool WavWriter::flush() {
  if (file_ == nullptr) return false;
  if (!write_header()) return false;
  return std::fflush(file_) == 0;
}

bool WavWriter::close() {
  if (file_ == nullptr) return true;
  bool ok = write_header();
  ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  return ok;
}

}  // namespace voxgate::audio
