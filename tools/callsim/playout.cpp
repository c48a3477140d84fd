#include "callsim/playout.hpp"

#include <algorithm>
#include <chrono>

namespace voxgate::callsim {

void Playout::on_media(std::span<const uint8_t> audio, common::TimePoint now, PlayoutOutput& out) {
  advance(now, out);
  if (audio.empty()) return;
  // Playback resumes when audio arrives at an idle player, not earlier.
  if (items_.empty()) {
    // cursor_ is when the last audio finished (all of it has played by now).
    if (played_bytes_ > 0 && !ran_dry_after_clear_) {
      const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(now - cursor_);
      longest_silence_ms_ = std::max<int64_t>(longest_silence_ms_, gap.count());
    }
    ran_dry_after_clear_ = false;
    cursor_ = now;
  }
  items_.push_back(Item{{audio.begin(), audio.end()}, 0, {}, false});
  queued_bytes_ += audio.size();
}

void Playout::on_mark(std::string name, common::TimePoint now, PlayoutOutput& out) {
  advance(now, out);
  if (items_.empty()) {
    out.marks.push_back(std::move(name));  // nothing queued: echo at once
    return;
  }
  items_.push_back(Item{{}, 0, std::move(name), true});
  ++pending_marks_;
}

void Playout::on_clear(common::TimePoint now, PlayoutOutput& out) {
  advance(now, out);
  // "a mark echoed after a clear means discarded, not played".
  for (Item& item : items_) {
    if (item.is_mark) {
      out.marks.push_back(std::move(item.mark));
    } else {
      discarded_bytes_ += item.audio.size() - item.offset;
    }
  }
  items_.clear();
  ran_dry_after_clear_ = true;
  queued_bytes_ = 0;
  pending_marks_ = 0;
}

void Playout::advance(common::TimePoint now, PlayoutOutput& out) {
  echo_leading_marks(out);
  while (!items_.empty() && now > cursor_) {
    Item& head = items_.front();
    const auto due = static_cast<uint64_t>((now - cursor_) / std::chrono::nanoseconds(kNsPerByte));
    if (due == 0) break;
    const size_t n = std::min<uint64_t>(due, head.audio.size() - head.offset);
    if (keep_played_) {
      out.played.insert(out.played.end(), head.audio.begin() + long(head.offset),
                        head.audio.begin() + long(head.offset + n));
    }
    head.offset += n;
    played_bytes_ += n;
    queued_bytes_ -= n;
    cursor_ += std::chrono::nanoseconds(int64_t(n) * kNsPerByte);
    if (head.offset == head.audio.size()) items_.pop_front();
    echo_leading_marks(out);
  }
}

void Playout::echo_leading_marks(PlayoutOutput& out) {
  while (!items_.empty() && items_.front().is_mark) {
    out.marks.push_back(std::move(items_.front().mark));
    items_.pop_front();
    --pending_marks_;
  }
}

}  // namespace voxgate::callsim
