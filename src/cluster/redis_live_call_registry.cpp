#include "cluster/redis_live_call_registry.hpp"

#include "cluster/live_call_json.hpp"

namespace voxgate::cluster {

using common::unexpected;

RedisLiveCallRegistry::RedisLiveCallRegistry(RedisWorker& worker, std::string prefix,
                                             std::chrono::milliseconds ttl)
    : worker_(worker), prefix_(std::move(prefix)), ttl_(ttl) {
  refresh_id_ =
      worker_.every(std::max(ttl_ / 3, std::chrono::milliseconds(1)), [this] { refresh(); });
}

RedisLiveCallRegistry::~RedisLiveCallRegistry() {
  worker_.cancel(refresh_id_);
}

namespace {
// Adapts a command's reply to a put/remove callback that may be empty.
RedisWorker::Callback report_to(ClusterCallback<bool> done) {
  return [done = std::move(done)](ClusterResult<RedisReply> r) {
    if (!done) return;
    if (!r) return done(unexpected(r.error()));
    done(true);
  };
}
}  // namespace

void RedisLiveCallRegistry::put(const LiveCallEntry& entry, ClusterCallback<bool> done) {
  {
    std::lock_guard lock(mu_);
    mine_[entry.call_sid] = entry;
  }
  store(entry, std::move(done));
}

void RedisLiveCallRegistry::store(const LiveCallEntry& entry, ClusterCallback<bool> done) {
  // A failed SET is retried by the next refresh.
  worker_.run({"SET", key(entry.call_sid), to_json(entry), "PX", std::to_string(ttl_.count())},
              report_to(std::move(done)));
}

void RedisLiveCallRegistry::remove(const std::string& call_sid, ClusterCallback<bool> done) {
  {
    std::lock_guard lock(mu_);
    mine_.erase(call_sid);
  }
  // If Redis is down now, the TTL removes the entry.
  worker_.run({"DEL", key(call_sid)}, report_to(std::move(done)));
}

void RedisLiveCallRegistry::remove_mine(ClusterCallback<bool> done) {
  RedisWorker::Command del{"DEL"};
  {
    std::lock_guard lock(mu_);
    for (const auto& [sid, e] : mine_) del.push_back(key(sid));
    mine_.clear();  // nor does the refresh put them back
  }
  if (del.size() == 1) {
    if (done) done(true);
    return;
  }
  worker_.run(std::move(del), report_to(std::move(done)));
}

void RedisLiveCallRegistry::refresh() {
  Entries entries;
  {
    std::lock_guard lock(mu_);
    for (const auto& [sid, e] : mine_) entries.push_back(e);
  }
  for (const auto& e : entries) store(e, {});
}

void RedisLiveCallRegistry::owner_of(const std::string& call_sid,
                                     ClusterCallback<std::string> done) {
  worker_.run({"GET", key(call_sid)}, [done = std::move(done)](ClusterResult<RedisReply> r) {
    if (!r) return done(unexpected(r.error()));
    if (r->type != RedisReply::Type::kString) return done(std::string());
    const auto entry = live_call_from_json(r->str);
    done(entry ? entry->instance : std::string());
  });
}

void RedisLiveCallRegistry::list(ClusterCallback<Entries> done) {
  scan("0", {}, std::move(done));
}

void RedisLiveCallRegistry::scan(std::string cursor, std::vector<std::string> keys,
                                 ClusterCallback<Entries> done) {
  worker_.run(
      {"SCAN", cursor, "MATCH", prefix_ + "call:*", "COUNT", "500"},
      [this, keys = std::move(keys), done = std::move(done)](ClusterResult<RedisReply> r) mutable {
        if (!r) return done(unexpected(r.error()));
        if (r->elements.size() != 2) return done(unexpected(std::string("redis: bad SCAN reply")));
        for (const auto& k : r->elements[1].elements) keys.push_back(k.str);
        const std::string next = r->elements[0].str;
        if (next != "0") return scan(next, std::move(keys), std::move(done));
        read_all(keys, std::move(done));
      });
}

void RedisLiveCallRegistry::read_all(const std::vector<std::string>& keys,
                                     ClusterCallback<Entries> done) {
  if (keys.empty()) return done(Entries{});
  RedisWorker::Command cmd{"MGET"};
  cmd.insert(cmd.end(), keys.begin(), keys.end());
  worker_.run(std::move(cmd), [done = std::move(done)](ClusterResult<RedisReply> r) {
    if (!r) return done(unexpected(r.error()));
    Entries out;
    for (const auto& v : r->elements) {
      // A key may expire between SCAN and MGET (nil), or hold junk: skipped.
      if (v.type != RedisReply::Type::kString) continue;
      if (auto e = live_call_from_json(v.str)) out.push_back(std::move(*e));
    }
    done(std::move(out));
  });
}

}  // namespace voxgate::cluster
