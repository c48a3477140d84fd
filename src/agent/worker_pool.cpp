#include "agent/worker_pool.hpp"

#include <algorithm>
#include <latch>
#include <mutex>

namespace voxgate::agent {

WorkerPool::WorkerPool(int threads)
    : threads_(std::max(1, threads)), pool_(static_cast<std::size_t>(threads_)) {}

WorkerPool::~WorkerPool() {
  stop();
}

WorkerPool::Lane WorkerPool::make_lane() {
  return boost::asio::make_strand(pool_.get_executor());
}

void WorkerPool::run_all(const std::vector<std::function<void()>>& jobs) {
  std::latch done(static_cast<std::ptrdiff_t>(jobs.size()));
  for (const auto& job : jobs) {
    boost::asio::post(pool_, [this, &job, &done] {
      try {
        job();
        ++jobs_done_;
      } catch (...) {
        ++jobs_failed_;  // counted, like submit()'s; the others still run
      }
      done.count_down();
    });
  }
  done.wait();
}

void WorkerPool::stop() {
  pool_.stop();
  pool_.join();
}

void WorkerPool::keep_if_orphaned(std::optional<Lane>& lane,
                                  const std::weak_ptr<WorkerPool>& pool) {
  if (!lane || !pool.expired()) return;
  static auto* kept = new std::vector<Lane>();
  static std::mutex kept_mu;
  std::lock_guard lock(kept_mu);
  kept->push_back(std::move(*lane));
  lane.reset();
}

}  // namespace voxgate::agent
