#pragma once
// The transfer book of one process (no cluster.redis_url): entries expire
// after `ttl`, and the book is bounded (the entry expiring first is dropped
// when full), so a flood of transfers cannot grow it without limit.
// Thread-safe (a mutex held for map operations only); answers synchronously.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "cluster/transfer_book.hpp"
#include "common/clock.hpp"

namespace voxgate::cluster {

class InProcessTransferBook final : public TransferBook {
 public:
  explicit InProcessTransferBook(const common::Clock& clock,
                                 common::Millis ttl = std::chrono::minutes(5),
                                 std::size_t capacity = 10000);

  void add(const std::string& call_sid, const std::string& target,
           ClusterCallback<bool> done) override;
  void find(const std::string& call_sid, ClusterCallback<std::string> done) override;

  void add(const std::string& call_sid, const std::string& target);
  std::optional<std::string> find(const std::string& call_sid) const;
  std::size_t size() const;

 private:
  struct Entry {
    std::string target;
    common::TimePoint expires;
  };
  void purge(common::TimePoint now);

  const common::Clock& clock_;
  const common::Millis ttl_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace voxgate::cluster
