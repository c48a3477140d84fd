#include "cluster/redis_replay_set.hpp"

namespace voxgate::cluster {

RedisReplaySet::RedisReplaySet(RedisWorker& worker, const common::Clock& unix_clock,
                               std::string prefix)
    : worker_(worker), clock_(unix_clock), prefix_(std::move(prefix)) {}

void RedisReplaySet::mark_once(const std::string& key, int64_t expires_unix_ms,
                               ClusterCallback<bool> done) {
  const int64_t now =
      std::chrono::duration_cast<common::Millis>(clock_.now().time_since_epoch()).count();
  // An expired key needs no remembering, but PX must be positive: keep it 1 ms.
  const int64_t ttl = std::max<int64_t>(expires_unix_ms - now, 1);
  worker_.run({"SET", prefix_ + "replay:" + key, "1", "NX", "PX", std::to_string(ttl)},
              [done = std::move(done)](ClusterResult<RedisReply> r) {
                if (!r) return done(common::unexpected(r.error()));
                // "OK" when this SET created the key; nil when it existed.
                done(!r->is_nil());
              });
}

}  // namespace voxgate::cluster
