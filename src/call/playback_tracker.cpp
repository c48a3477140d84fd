#include "call/playback_tracker.hpp"

#include <algorithm>
#include <chrono>

#include "call/byte_count.hpp"

namespace voxgate::call {

PlaybackTracker::PlaybackTracker(common::Millis mark_interval)
    : mark_interval_(mark_interval),
      interval_bytes_(std::max<int64_t>(1, mark_interval.count() * kMulawBytesPerMs)) {}

void PlaybackTracker::set_bytes_per_ms(int64_t bytes_per_ms) {
  bytes_per_ms_ = std::max<int64_t>(1, bytes_per_ms);
  interval_bytes_ = std::max<int64_t>(1, mark_interval_.count() * bytes_per_ms_);
}

std::optional<std::string> PlaybackTracker::on_sent(common::TimePoint now, std::string_view item_id,
                                                    int64_t bytes) {
  if (bytes <= 0) return std::nullopt;
  if (!ai_audio_playing()) {
    // The caller's queue is empty: this audio starts playing now.
    anchor_position_ = sent_total_;
    anchor_time_ = now;
  }
  if (items_.empty() || items_.back().id != item_id) {
    if (items_.size() == kMaxItems) items_.erase(items_.begin());
    items_.push_back(Item{std::string(item_id), sent_total_, 0});
  }
  items_.back().sent += bytes;
  sent_total_ += bytes;
  unmarked_bytes_ += bytes;
  if (unmarked_bytes_ < interval_bytes_) return std::nullopt;
  return add_mark(false);
}

std::optional<std::string> PlaybackTracker::on_item_end(common::TimePoint) {
  if (unmarked_bytes_ == 0 || items_.empty()) return std::nullopt;
  return add_mark(true);
}

std::string PlaybackTracker::add_mark(bool item_final) {
  std::string name = "m" + std::to_string(next_mark_++);
  marks_.push_back(Mark{name, items_.back().id, sent_total_, item_final});
  unmarked_bytes_ = 0;
  return name;
}

PlaybackTracker::Echo PlaybackTracker::on_mark_echo(std::string_view name, common::TimePoint now) {
  if (auto d = std::find(discarded_.begin(), discarded_.end(), name); d != discarded_.end()) {
    discarded_.erase(d);  // echoed because of a clear: not played
    return {};
  }
  auto it =
      std::find_if(marks_.begin(), marks_.end(), [&](const Mark& m) { return m.name == name; });
  if (it == marks_.end()) return {};
  // Marks echo in order; an earlier one missing still played before this one.
  Echo echo{true, it->item_final, it->item_id};
  anchor_position_ = it->position;
  anchor_time_ = now;
  marks_.erase(marks_.begin(), std::next(it));
  return echo;
}

void PlaybackTracker::on_clear(common::TimePoint now) {
  for (auto& m : marks_) {
    if (discarded_.size() == kMaxDiscarded) discarded_.pop_front();
    discarded_.push_back(std::move(m.name));
  }
  marks_.clear();
  unmarked_bytes_ = 0;
  items_.clear();
  // Everything sent so far is gone from the caller's queue.
  anchor_position_ = sent_total_;
  anchor_time_ = now;
}

int64_t PlaybackTracker::position(common::TimePoint now) const {
  if (!ai_audio_playing()) return sent_total_;
  auto elapsed = std::chrono::duration_cast<common::Millis>(now - anchor_time_).count();
  int64_t estimate = anchor_position_ + std::max<int64_t>(0, elapsed) * bytes_per_ms_;
  return std::min(estimate, sent_total_);
}

const PlaybackTracker::Item* PlaybackTracker::find(std::string_view item_id) const {
  for (const auto& item : items_) {
    if (item.id == item_id) return &item;
  }
  return nullptr;
}

int64_t PlaybackTracker::heard_ms(std::string_view item_id, common::TimePoint now) const {
  const Item* item = find(item_id);
  if (item == nullptr) return 0;
  int64_t heard = std::clamp<int64_t>(position(now) - item->start, 0, item->sent);
  return bytes_to_ms(heard, bytes_per_ms_);
}

int64_t PlaybackTracker::sent_ms(std::string_view item_id) const {
  const Item* item = find(item_id);
  return item == nullptr ? 0 : bytes_to_ms(item->sent, bytes_per_ms_);
}

int64_t PlaybackTracker::queued_ms(common::TimePoint now) const {
  return bytes_to_ms(sent_total_ - position(now), bytes_per_ms_);
}

const std::string& PlaybackTracker::last_item() const {
  return items_.empty() ? none_ : items_.back().id;
}

}  // namespace voxgate::call
