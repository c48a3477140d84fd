#include "agent/worker_pool.hpp"

#include <algorithm>

namespace voxgate::agent {

WorkerPool::WorkerPool(int threads)
    : threads_(std::max(1, threads)), pool_(static_cast<std::size_t>(threads_)) {}

WorkerPool::~WorkerPool() {
  stop();
}

WorkerPool::Lane WorkerPool::make_lane() {
  return boost::asio::make_strand(pool_.get_executor());
}

void WorkerPool::stop() {
  pool_.stop();
  pool_.join();
}

}  // namespace voxgate::agent
