#include "net/io_pool.hpp"

#include <algorithm>

namespace voxgate::net {

namespace asio = boost::asio;

IoPool::IoPool(int n) {
  const int count = n > 0 ? n : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < count; ++i) {
    // Hint 1: one thread runs this context, so Asio can skip the work it does
    // to hand completions between threads.
    contexts_.push_back(std::make_unique<Context>(1));
  }
}

IoPool::~IoPool() {
  shut_down();
}

asio::any_io_executor IoPool::next() {
  const size_t i = next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size();
  return contexts_[i]->get_executor();
}

void IoPool::start() {
  for (auto& io : contexts_) {
    guards_.emplace_back(io->get_executor());
    threads_.emplace_back([this, ctx = io.get()] { run(*ctx); });
  }
}

// BEHAVIOUR 5: no failure inside one call may end the process. Call handlers
// catch their own; anything that still escapes a handler is reported and the
// loop goes on (Asio leaves the context usable after a handler throws).
void IoPool::run(boost::asio::io_context& ctx) {
  for (;;) {
    try {
      ctx.run();
      return;
    } catch (const std::exception& e) {
      ++escaped_;
      if (on_escape_) on_escape_(e.what());
    } catch (...) {
      ++escaped_;
      if (on_escape_) on_escape_("unknown exception");
    }
  }
}

void IoPool::stop() {
  guards_.clear();
  for (auto& io : contexts_) io->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void IoPool::shut_down() {
  stop();
  for (auto& io : contexts_) io->shut_down();
}

}  // namespace voxgate::net
