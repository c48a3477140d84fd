// read_wav_mono8k (declared in wav_writer.hpp): a minimal RIFF/WAVE reader for
// tool prompts. Hand-written: none of the listed libraries reads WAV files,
// and the subset needed (PCM16 / mu-law, 8 kHz) is small.

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string_view>

#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"

namespace voxgate::audio {
namespace {

constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatMulaw = 7;
constexpr uint16_t kFormatExtensible = 0xFFFE;
constexpr size_t kMaxFileBytes = 256u << 20;  // prompts are seconds long

uint16_t get_u16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
uint32_t get_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return std::nullopt;
  std::vector<uint8_t> bytes;
  uint8_t buf[65536];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && bytes.size() <= kMaxFileBytes) {
    bytes.insert(bytes.end(), buf, buf + n);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return std::nullopt;
  return bytes;
}

struct Format {
  uint16_t tag = 0;
  uint16_t channels = 0;
  uint32_t rate = 0;
  uint16_t bits = 0;
};

std::optional<Format> parse_fmt(const uint8_t* p, uint32_t size) {
  if (size < 16) return std::nullopt;
  Format f{get_u16(p), get_u16(p + 2), get_u32(p + 4), get_u16(p + 14)};
  // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the
  // SubFormat GUID at offset 24.
  if (f.tag == kFormatExtensible) {
    if (size < 40) return std::nullopt;
    f.tag = get_u16(p + 24);
  }
  return f;
}

std::vector<int16_t> first_channel(const Format& fmt, const uint8_t* data, size_t size) {
  const size_t bytes_per_sample = fmt.tag == kFormatPcm ? 2 : 1;
  const size_t stride = bytes_per_sample * fmt.channels;
  std::vector<int16_t> out;
  out.reserve(size / stride);
  for (size_t off = 0; off + stride <= size; off += stride) {
    out.push_back(fmt.tag == kFormatPcm ? static_cast<int16_t>(get_u16(data + off))
                                        : ulaw_to_linear(data[off]));
  }
  return out;
}

}  // namespace

common::Result<std::vector<int16_t>, WavError> read_wav_mono8k(const std::string& path) {
  const auto file = read_file(path);
  if (!file) return common::unexpected(WavError::kReadFailed);
  const std::vector<uint8_t>& b = *file;
  if (b.size() < 12 || std::string_view(reinterpret_cast<const char*>(b.data()), 4) != "RIFF" ||
      std::string_view(reinterpret_cast<const char*>(b.data() + 8), 4) != "WAVE") {
    return common::unexpected(WavError::kBadFormat);
  }
  std::optional<Format> fmt;
  size_t pos = 12;
  while (pos + 8 <= b.size()) {
    const std::string_view id(reinterpret_cast<const char*>(b.data() + pos), 4);
    const uint32_t size = get_u32(b.data() + pos + 4);
    const size_t body = pos + 8;
    // A data size past the end (truncated file, or a streaming writer's
    // 0xFFFFFFFF) is clamped to what is there.
    const size_t avail = std::min<size_t>(size, b.size() - body);
    if (id == "fmt ") {
      fmt = parse_fmt(b.data() + body, static_cast<uint32_t>(avail));
      if (!fmt) return common::unexpected(WavError::kBadFormat);
    } else if (id == "data") {
      if (!fmt) return common::unexpected(WavError::kBadFormat);
      const bool pcm16 = fmt->tag == kFormatPcm && fmt->bits == 16;
      const bool mulaw = fmt->tag == kFormatMulaw && fmt->bits == 8;
      if ((!pcm16 && !mulaw) || fmt->channels < 1 || fmt->channels > 2 || fmt->rate != 8000) {
        return common::unexpected(WavError::kUnsupported);
      }
      return first_channel(*fmt, b.data() + body, avail);
    }
    pos = body + avail + (avail & 1);  // chunks are padded to even length
  }
  return common::unexpected(WavError::kBadFormat);
}

}  // namespace voxgate::audio
