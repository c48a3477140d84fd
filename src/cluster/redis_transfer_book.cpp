#include "cluster/redis_transfer_book.hpp"

namespace voxgate::cluster {

RedisTransferBook::RedisTransferBook(RedisWorker& worker, std::string prefix,
                                     std::chrono::milliseconds ttl)
    : worker_(worker), prefix_(std::move(prefix)), ttl_(ttl) {}

void RedisTransferBook::add(const std::string& call_sid, const std::string& target,
                            ClusterCallback<bool> done) {
  if (call_sid.empty()) {
    if (done) done(false);
    return;
  }
  worker_.run({"SET", prefix_ + "transfer:" + call_sid, target, "PX", std::to_string(ttl_.count())},
              [done = std::move(done)](ClusterResult<RedisReply> r) {
                if (!done) return;
                if (!r) return done(common::unexpected(r.error()));
                done(true);
              });
}

void RedisTransferBook::find(const std::string& call_sid, ClusterCallback<std::string> done) {
  worker_.run({"GET", prefix_ + "transfer:" + call_sid},
              [done = std::move(done)](ClusterResult<RedisReply> r) {
                if (!r) return done(common::unexpected(r.error()));
                done(r->type == RedisReply::Type::kString ? r->str : std::string());
              });
}

}  // namespace voxgate::cluster
