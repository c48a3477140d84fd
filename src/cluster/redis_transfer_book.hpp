#pragma once
// The transfer book in Redis: SET <prefix>transfer:<sid> <target> PX <ttl>,
// read with GET. Not GETDEL: Twilio may retry the action request, and the
// TTL removes the entry (Redis evicts it; no purge pass).

#include <chrono>
#include <string>

#include "cluster/redis_worker.hpp"
#include "cluster/transfer_book.hpp"

namespace voxgate::cluster {

class RedisTransferBook final : public TransferBook {
 public:
  RedisTransferBook(RedisWorker& worker, std::string prefix,
                    std::chrono::milliseconds ttl = std::chrono::minutes(5));

  void add(const std::string& call_sid, const std::string& target,
           ClusterCallback<bool> done) override;
  void find(const std::string& call_sid, ClusterCallback<std::string> done) override;

 private:
  RedisWorker& worker_;
  const std::string prefix_;
  const std::chrono::milliseconds ttl_;
};

}  // namespace voxgate::cluster
