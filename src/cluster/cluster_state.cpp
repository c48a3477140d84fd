#include "cluster/cluster_state.hpp"

#include <unistd.h>

#include "cluster/in_process_live_call_registry.hpp"
#include "cluster/in_process_replay_set.hpp"
#include "cluster/in_process_transfer_book.hpp"
#include "cluster/redis_live_call_registry.hpp"
#include "cluster/redis_replay_set.hpp"
#include "cluster/redis_transfer_book.hpp"

namespace voxgate::cluster {

common::Result<std::unique_ptr<ClusterState>, std::string> ClusterState::open(
    const ClusterOptions& opts, const common::Clock& unix_clock) {
  std::unique_ptr<ClusterState> s(new ClusterState());
  s->instance_id_ = opts.instance_id.empty() ? default_instance_id() : opts.instance_id;
  if (opts.redis_url.empty()) {
    s->replay_ = std::make_unique<InProcessReplaySet>(unix_clock);
    s->transfers_ = std::make_unique<InProcessTransferBook>(unix_clock);
    s->live_calls_ = std::make_unique<InProcessLiveCallRegistry>();
    return s;
  }
  auto endpoint = parse_redis_url(opts.redis_url);
  if (!endpoint) return common::unexpected(endpoint.error());
  s->endpoint_ = endpoint.value();
  s->key_prefix_ = opts.key_prefix;
  s->worker_ = std::make_unique<RedisWorker>(RedisWorkerOptions{.endpoint = endpoint.value()});
  s->replay_ = std::make_unique<RedisReplaySet>(*s->worker_, unix_clock, opts.key_prefix);
  s->transfers_ = std::make_unique<RedisTransferBook>(*s->worker_, opts.key_prefix);
  s->live_calls_ = std::make_unique<RedisLiveCallRegistry>(*s->worker_, opts.key_prefix);
  return s;
}

ClusterState::~ClusterState() {
  stop();
  // The registry cancels its refresh on the worker: destroyed before it.
  live_calls_.reset();
  control_.reset();
}

void ClusterState::start_control(ControlBus::Runner run, std::chrono::milliseconds timeout) {
  if (!worker_ || control_) return;
  control_ = std::make_unique<ControlBus>(
      ControlBusOptions{endpoint_, key_prefix_, instance_id_, timeout}, *worker_, std::move(run));
}

void ClusterState::stop() {
  // The bus first: no request is run once the app starts tearing down.
  if (control_) control_->stop();
  if (worker_) worker_->stop();
}

std::string default_instance_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') {
    std::string fallback = "voxgate";
    return fallback + "-" + std::to_string(::getpid());
  }
  return std::string(host) + "-" + std::to_string(::getpid());
}

}  // namespace voxgate::cluster
