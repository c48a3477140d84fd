#pragma once
// Playout: a carrier's playback of what the server sends, as a pure model.
// PROTOCOLS.md "Twilio Media Streams", To Twilio, and every other carrier the
// same way once its dialect (dialect.hpp) has turned the wire into play / mark
// / clear: audio is queued and played in order at real time (8 mu-law bytes
// per ms); a mark (Telnyx/Exotel `mark`, Plivo `checkpoint`, Vonage `notify`)
// is echoed when all audio queued before it has played, or at once if nothing
// is queued; a clear drops queued audio and echoes every outstanding mark at
// once.
//
// Owned by one CallDriver; not thread-safe. Takes `now` on every call and
// reads no clock, so tests drive it with explicit times.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "common/clock.hpp"

namespace voxgate::callsim {

// What a Playout step produced: marks to echo back (in order) and, if the
// Playout keeps them, the bytes played.
struct PlayoutOutput {
  std::vector<std::string> marks;
  std::vector<uint8_t> played;
};

class Playout {
 public:
  static constexpr int64_t kNsPerByte = 125'000;  // 8000 bytes per second

  explicit Playout(bool keep_played = false) : keep_played_(keep_played) {}

  // Each first plays what is due up to `now`, then applies the message.
  void on_media(std::span<const uint8_t> audio, common::TimePoint now, PlayoutOutput& out);
  void on_mark(std::string name, common::TimePoint now, PlayoutOutput& out);
  void on_clear(common::TimePoint now, PlayoutOutput& out);
  // Plays what is due up to `now`.
  void advance(common::TimePoint now, PlayoutOutput& out);

  uint64_t bytes_queued() const { return queued_bytes_; }
  uint64_t bytes_played() const { return played_bytes_; }
  uint64_t bytes_discarded() const { return discarded_bytes_; }
  size_t marks_pending() const { return pending_marks_; }
  bool idle() const { return items_.empty(); }
  // The longest dead air the caller heard between two pieces of audio: from
  // the moment played audio ran out to the next audio's arrival. A gap that
  // began with a clear is not counted (a barge-in: the caller was talking),
  // nor is the silence before the first audio or after the last.
  int64_t longest_silence_ms() const { return longest_silence_ms_; }

 private:
  struct Item {
    std::vector<uint8_t> audio;  // empty for a mark
    size_t offset = 0;           // bytes of `audio` already played
    std::string mark;
    bool is_mark = false;
  };

  void echo_leading_marks(PlayoutOutput& out);

  const bool keep_played_;
  std::deque<Item> items_;
  // Time up to which audio has been played; meaningful while audio is queued.
  common::TimePoint cursor_{};
  uint64_t queued_bytes_ = 0;
  uint64_t played_bytes_ = 0;
  uint64_t discarded_bytes_ = 0;
  size_t pending_marks_ = 0;
  int64_t longest_silence_ms_ = 0;
  bool ran_dry_after_clear_ = false;
};

}  // namespace voxgate::callsim
