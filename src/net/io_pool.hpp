#pragma once
// IoPool: N io_contexts, each run by exactly one thread, and a round-robin
// choice of one for each new connection (bench/README.md).
//
// Why not one io_context run by N threads (what voxgate did before): its
// threads share one epoll set and one handler queue, so a completion found by
// one thread is often handed to another through a futex wake-up (35 futex
// calls per call-second at 100 calls), and every handler of a call goes
// through a strand's lock. Here a connection, its call and its AI leg live on
// one context and one thread from accept to close: no wake-ups between
// threads, no strand needed (a single-threaded context already runs one
// handler at a time). Posting to a connection's executor from any thread
// (the HTTP API, the record writer) stays safe: post() is thread-safe.
//
// Owner: the app. Thread affinity: construct, main(), next() and start() at
// start-up (next() also from the acceptor's handlers); stop() and join() from
// the owning thread. Destroy it after everything holding its executors.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace voxgate::net {

class IoPool {
 public:
  // n <= 0 => one context per core.
  explicit IoPool(int n);
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  // The first context: the acceptor, timers of the app, the local agent.
  boost::asio::io_context& main() { return *contexts_.front(); }
  // The executor for the next connection, round-robin over the contexts.
  boost::asio::any_io_executor next();
  size_t size() const { return contexts_.size(); }

  // Called (on the I/O thread) with what() of an exception that escaped a
  // handler; the loop then goes on. Set before start().
  void on_escape(std::function<void(const char*)> report) { on_escape_ = std::move(report); }
  uint64_t escaped() const { return escaped_.load(); }

  // One thread per context; each runs until stop(), even while idle.
  void start();
  // Stops every context and joins the threads; pending handlers are not run.
  void stop();
  // stop(), then destroys every pending handler (and what it owns), on every
  // context before the first is destroyed. The destructor calls it.
  void shut_down();

 private:
  // shutdown() is protected in Asio: a context's pending handlers (which may
  // own sockets of another context) are destroyed by shutting every context
  // down before any is destroyed, as one context does with its services.
  struct Context : boost::asio::io_context {
    using io_context::io_context;
    void shut_down() { shutdown(); }
  };
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<Context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<size_t> next_{0};
  std::function<void(const char*)> on_escape_;
  std::atomic<uint64_t> escaped_{0};

  void run(boost::asio::io_context& ctx);
};

}  // namespace voxgate::net
