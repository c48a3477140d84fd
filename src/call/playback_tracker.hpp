#pragma once
// PlaybackTracker: what AI audio the caller has actually heard (BEHAVIOUR 2).
// It keeps one timeline of the AI audio forwarded to the caller (bytes of
// 8 kHz mu-law), the marks outstanding on it, and an anchor: a point in time
// where the playout position was known (a mark echo, or audio sent to an idle
// caller). Between anchors the position advances at real time, capped at the
// audio sent, so marks can be sparse (every `mark_interval` and at item end).
// After a clear, marks still outstanding are remembered as discarded: Twilio
// echoes them at once, and those echoes mean "dropped", not "played"
// (PROTOCOLS.md, Twilio). Owned by one CallSession; not thread-safe.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "call/byte_count.hpp"
#include "common/clock.hpp"

namespace voxgate::call {

class PlaybackTracker {
 public:
  explicit PlaybackTracker(common::Millis mark_interval = common::Millis{100});

  // The call's audio: how many bytes are one millisecond (8 kHz mu-law: 8).
  // Set before any audio is sent.
  void set_bytes_per_ms(int64_t bytes_per_ms);

  // `bytes` of item `item_id` were forwarded to the caller. Returns the name
  // of a mark the caller must be sent now, when `mark_interval` of audio has
  // gone unmarked. The mark is registered as outstanding.
  std::optional<std::string> on_sent(common::TimePoint now, std::string_view item_id,
                                     int64_t bytes);
  // The last item's audio ended: returns its final mark if any of its audio
  // is unmarked (BEHAVIOUR 2: always a mark at the end of each item).
  std::optional<std::string> on_item_end(common::TimePoint now);

  struct Echo {
    bool counted = false;     // false: unknown or discarded mark
    bool item_final = false;  // the final mark of its item
    std::string item_id;
  };
  Echo on_mark_echo(std::string_view name, common::TimePoint now);
  // The caller's queue was cleared (or abandoned on an AI-leg failure).
  void on_clear(common::TimePoint now);

  // True exactly while forwarded audio is not yet confirmed by its mark.
  bool ai_audio_playing() const { return !marks_.empty() || unmarked_bytes_ > 0; }
  // Audio of `item_id` heard by now: marks plus real-time estimate since the
  // last anchor, never more than the audio of that item sent.
  int64_t heard_ms(std::string_view item_id, common::TimePoint now) const;
  int64_t sent_ms(std::string_view item_id) const;
  // Audio forwarded but, by the same estimate, not yet played: what sits in
  // the caller leg's queue ahead of real time.
  int64_t queued_ms(common::TimePoint now) const;
  // The item whose audio was forwarded last ("" when none since a clear).
  const std::string& last_item() const;
  std::size_t outstanding_marks() const { return marks_.size(); }

 private:
  static constexpr std::size_t kMaxItems = 8;
  static constexpr std::size_t kMaxDiscarded = 256;

  struct Item {
    std::string id;
    int64_t start = 0;  // timeline position of its first byte
    int64_t sent = 0;   // bytes forwarded
  };
  struct Mark {
    std::string name;
    std::string item_id;
    int64_t position = 0;  // timeline position at the mark
    bool item_final = false;
  };

  std::string add_mark(bool item_final);
  int64_t position(common::TimePoint now) const;
  const Item* find(std::string_view item_id) const;

  common::Millis mark_interval_;
  int64_t bytes_per_ms_ = kMulawBytesPerMs;
  int64_t interval_bytes_;
  uint64_t next_mark_ = 1;
  int64_t sent_total_ = 0;
  int64_t unmarked_bytes_ = 0;
  int64_t anchor_position_ = 0;
  common::TimePoint anchor_time_{};
  std::vector<Item> items_;  // oldest first, bounded
  std::deque<Mark> marks_;   // outstanding, in send order
  std::deque<std::string> discarded_;
  std::string none_;
};

}  // namespace voxgate::call
