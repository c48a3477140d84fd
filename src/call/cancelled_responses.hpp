#pragma once
// CancelledResponses: the cancelled-response registry of BEHAVIOUR 3. Maps a
// response id to the time it was cancelled so that late audio deltas of that
// response are dropped. Bounded in size (oldest evicted first) and in age
// (purged on insert and on purge(now)); contains() is O(1).
// Owned by one CallSession, built in its constructor (never lazily: the
// system voxgate replaces crashed on an uninitialised set). Not thread-safe;
// lives on the call's strand.

#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.hpp"

namespace voxgate::call {

class CancelledResponses {
 public:
  static constexpr std::size_t kDefaultCapacity = 100;
  static constexpr common::Millis kDefaultMaxAge{60000};

  explicit CancelledResponses(std::size_t capacity = kDefaultCapacity,
                              common::Duration max_age = kDefaultMaxAge);

  // Adds (or refreshes) an id; purges expired entries and evicts the oldest
  // while over capacity.
  void insert(std::string_view response_id, common::TimePoint now);
  bool contains(std::string_view response_id) const;
  // Removes entries cancelled more than max_age before now.
  void purge(common::TimePoint now);

  std::size_t size() const { return map_.size(); }
  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    std::string id;
    common::TimePoint at;
  };
  // Heterogeneous lookup so contains(string_view) allocates nothing.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Order = std::list<Entry>;  // oldest first

  std::size_t capacity_;
  common::Duration max_age_;
  Order order_;
  std::unordered_map<std::string, Order::iterator, Hash, std::equal_to<>> map_;
};

}  // namespace voxgate::call
