#pragma once
// LatencyStamp: the load bench's end-to-end timestamp, written into the first
// bytes of mu-law audio by one tool and read back by the other (bench/README.md).
// voxgate passes payloads through unchanged, so a stamp survives the trip.
// Both tools run on one machine: CLOCK_MONOTONIC (std::chrono::steady_clock on
// Linux) is comparable between processes.
//
// Header-only, shared by callsim (stamps caller frames, reads AI audio) and
// fakeai (stamps deltas, reads appends). Bench-only: off unless asked for.
// Plain functions, no state: any thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace voxgate::callsim {

struct LatencyStamp {
  static constexpr uint32_t kLate = 1;  // flags: a delta of a cancelled response

  int64_t sent_ns = 0;            // monotonic time the stamping tool sent the audio
  int64_t speech_started_ns = 0;  // fakeai: when it last sent speech_started (0 = never)
  uint32_t response = 0;          // fakeai: response number within the connection
  uint32_t flags = 0;
};

// A marker that plain mu-law speech or tones will not start with by chance.
inline constexpr std::array<uint8_t, 8> kStampMarker = {0xA5, 'v', 'x', 'g', 'S', 'T', 'M', 0x5A};
inline constexpr size_t kStampSize =
    kStampMarker.size() + 2 * sizeof(int64_t) + 2 * sizeof(uint32_t);

inline int64_t monotonic_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Overwrites the first kStampSize bytes; false (nothing written) if too short.
inline bool write_stamp(std::span<uint8_t> audio, const LatencyStamp& s) {
  if (audio.size() < kStampSize) return false;
  uint8_t* p = audio.data();
  std::memcpy(p, kStampMarker.data(), kStampMarker.size());
  p += kStampMarker.size();
  std::memcpy(p, &s.sent_ns, sizeof s.sent_ns);
  std::memcpy(p + 8, &s.speech_started_ns, sizeof s.speech_started_ns);
  std::memcpy(p + 16, &s.response, sizeof s.response);
  std::memcpy(p + 20, &s.flags, sizeof s.flags);
  return true;
}

inline std::optional<LatencyStamp> read_stamp(std::span<const uint8_t> audio) {
  if (audio.size() < kStampSize ||
      std::memcmp(audio.data(), kStampMarker.data(), kStampMarker.size()) != 0)
    return std::nullopt;
  const uint8_t* p = audio.data() + kStampMarker.size();
  LatencyStamp s;
  std::memcpy(&s.sent_ns, p, sizeof s.sent_ns);
  std::memcpy(&s.speech_started_ns, p + 8, sizeof s.speech_started_ns);
  std::memcpy(&s.response, p + 16, sizeof s.response);
  std::memcpy(&s.flags, p + 20, sizeof s.flags);
  return s;
}

}  // namespace voxgate::callsim
