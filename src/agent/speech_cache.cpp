#include "agent/speech_cache.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

namespace voxgate::agent {

SpeechCache::SpeechCache(Synthesize synthesize, size_t unpinned_capacity)
    : synthesize_(std::move(synthesize)), capacity_(std::max<size_t>(1, unpinned_capacity)) {}

SpeechCache::Audio SpeechCache::pin(std::string_view text) {
  return obtain(text, true);
}

SpeechCache::Audio SpeechCache::get(std::string_view text) {
  return obtain(text, false);
}

SpeechCache::Audio SpeechCache::find(std::string_view text) {
  std::shared_future<Audio> ready;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(text);
    if (it == entries_.end()) return nullptr;
    if (it->second.audio.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      return nullptr;
    }
    touch(it->second);
    ++stats_.hits;
    ready = it->second.audio;
  }
  try {
    return ready.get();
  } catch (...) {
    return nullptr;  // its synthesis failed; get() will try again
  }
}

SpeechCache::Audio SpeechCache::obtain(std::string_view text, bool pin) {
  std::promise<Audio> promise;
  std::shared_future<Audio> existing;
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(text);
    if (it != entries_.end()) {
      if (pin) {
        make_pinned(it);
      } else {
        touch(it->second);
      }
      ++stats_.hits;
      existing = it->second.audio;
    } else {
      id = ++next_id_;
      auto pos =
          entries_.emplace(std::string(text), Entry{promise.get_future().share(), id, pin, {}})
              .first;
      if (!pin) {
        lru_.push_front(pos->first);
        pos->second.lru = lru_.begin();
        evict_over_capacity();
      }
      ++stats_.syntheses;
    }
  }
  if (existing.valid()) return existing.get();  // waits for a synthesis under way
  return synthesise(std::string(text), id, promise);
}

SpeechCache::Audio SpeechCache::synthesise(const std::string& text, uint64_t id,
                                           std::promise<Audio>& promise) {
  try {
    auto audio = std::make_shared<const std::vector<uint8_t>>(synthesize_(text));
    promise.set_value(audio);
    return audio;
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(mutex_);
    auto it = entries_.find(text);
    if (it != entries_.end() && it->second.id == id) {
      if (!it->second.pinned) lru_.erase(it->second.lru);
      entries_.erase(it);
    }
    throw;
  }
}

void SpeechCache::touch(Entry& e) {
  if (!e.pinned) lru_.splice(lru_.begin(), lru_, e.lru);
}

void SpeechCache::make_pinned(Entries::iterator it) {
  if (it->second.pinned) return;
  lru_.erase(it->second.lru);
  it->second.pinned = true;
}

void SpeechCache::evict_over_capacity() {
  while (lru_.size() > capacity_) {
    entries_.erase(entries_.find(lru_.back()));
    lru_.pop_back();
    ++stats_.evictions;
  }
}

SpeechCache::Stats SpeechCache::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.unpinned = lru_.size();
  s.pinned = entries_.size() - lru_.size();
  return s;
}

}  // namespace voxgate::agent
