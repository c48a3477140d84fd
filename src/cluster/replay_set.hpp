#pragma once
// ReplaySet: remembers a once-only key (a stream token's MAC) until it
// expires, across every instance sharing the cluster state. mark_once()
// answers true the first time a key is marked, false after (a replay), or an
// error when the shared state cannot answer (Redis down).

#include <cstdint>
#include <string>

#include "cluster/cluster_result.hpp"

namespace voxgate::cluster {

class ReplaySet {
 public:
  virtual ~ReplaySet() = default;
  // `expires_unix_ms`: when the key may be forgotten (the token's expiry,
  // Unix time so every instance agrees). `done` may run before this returns.
  virtual void mark_once(const std::string& key, int64_t expires_unix_ms,
                         ClusterCallback<bool> done) = 0;
};

}  // namespace voxgate::cluster
