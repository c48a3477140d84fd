#pragma once
// SpeechCache: the local agent's spoken lines, synthesised once and served
// from memory (8 kHz mu-law).
//
// Two kinds of line: pinned lines are the agent file's fixed texts (greeting,
// prompts, replies and fallbacks without slots), rendered at start-up and
// never evicted; every other line (a slot-filled reply) is synthesised on
// first use and kept in a bounded least-recently-used set. A line asked for
// while it is being synthesised is waited for, not synthesised again, so
// each distinct text costs one synthesis however many calls want it at once.
//
// Owner: shared by the LocalAgentServer and every call's engine. Thread
// safety: every method from any thread; the synthesiser runs outside the
// lock, so different texts synthesise in parallel.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace voxgate::agent {

class SpeechCache {
 public:
  using Audio = std::shared_ptr<const std::vector<uint8_t>>;
  using Synthesize = std::function<std::vector<uint8_t>(std::string_view text)>;

  struct Stats {
    uint64_t hits = 0;       // served from memory (or from a synthesis already under way)
    uint64_t syntheses = 0;  // texts synthesised
    uint64_t evictions = 0;  // unpinned lines dropped for newer ones
    size_t pinned = 0;
    size_t unpinned = 0;
  };

  // unpinned_capacity: how many slot-filled lines are kept (at least 1).
  SpeechCache(Synthesize synthesize, size_t unpinned_capacity);

  // Synthesises `text` now (blocking) unless it is already pinned, and
  // keeps it for the cache's lifetime. Start-up.
  Audio pin(std::string_view text);
  // The audio if it is ready in memory, else null; never blocks on synthesis.
  Audio find(std::string_view text);
  // The audio, synthesising it on first use (blocking). Throws what the
  // synthesiser throws; a failed text is not remembered.
  Audio get(std::string_view text);

  Stats stats() const;

 private:
  struct Entry {
    std::shared_future<Audio> audio;
    uint64_t id = 0;  // tells a failed synthesis its own entry from a later retry's
    bool pinned = false;
    std::list<std::string>::iterator lru;  // unpinned only
  };
  using Entries = std::map<std::string, Entry, std::less<>>;

  Audio obtain(std::string_view text, bool pin);
  Audio synthesise(const std::string& text, uint64_t id, std::promise<Audio>& promise);
  void touch(Entry& e);
  void make_pinned(Entries::iterator it);
  void evict_over_capacity();

  // passed in
  Synthesize synthesize_;
  size_t capacity_;
  // state, guarded by mutex_
  mutable std::mutex mutex_;
  Entries entries_;
  std::list<std::string> lru_;  // unpinned texts, most recent first
  Stats stats_;
  uint64_t next_id_ = 0;
};

}  // namespace voxgate::agent
