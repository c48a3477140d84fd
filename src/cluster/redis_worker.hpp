#pragma once
// RedisWorker: the one thread per process that talks to Redis. It owns a
// blocking hiredis connection and runs commands from a bounded queue; each
// command's callback runs on this thread (callers on an I/O thread post the
// answer to their executor), so no I/O thread ever waits for Redis
// (ARCHITECTURE.md "Concurrency").
//
// Why a thread and hiredis's blocking API rather than its async API: hiredis
// ships event-loop adapters for libevent/libuv/ae but none for Asio, so the
// async route means a hand-written adapter driving hiredis's read/write
// hooks; the shared state's traffic is a few commands per call, which one
// thread with a socket timeout serves, and the blocking API keeps the
// reconnect logic in a plain loop.
//
// Redis down: commands fail at once with "redis unavailable: <why>" (the
// queue is not filled while nobody can drain it), and the worker reconnects
// with exponential backoff (100 ms doubling to 5 s) by itself. Periodic
// tasks (every()) run on the worker thread while connected, e.g. the live
// call registry's TTL refresh.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster/cluster_result.hpp"
#include "cluster/redis_reply.hpp"
#include "cluster/redis_url.hpp"

struct redisContext;

namespace voxgate::cluster {

struct RedisWorkerOptions {
  RedisEndpoint endpoint;
  std::chrono::milliseconds command_timeout{1000};
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
  std::size_t max_queued = 4096;
};

class RedisWorker {
 public:
  using Command = std::vector<std::string>;
  using Callback = ClusterCallback<RedisReply>;

  // Starts the thread; the first connection attempt happens on it.
  explicit RedisWorker(RedisWorkerOptions opts);
  ~RedisWorker();  // stop()
  // Stops the thread; queued commands fail with "stopping", later ones at
  // once. Owners stop the worker before destroying what its callbacks use.
  void stop();
  RedisWorker(const RedisWorker&) = delete;
  RedisWorker& operator=(const RedisWorker&) = delete;

  // Queues a command. Fails at once (callback on this thread) when Redis is
  // down, the queue is full or the worker is stopping. A Redis error reply
  // (e.g. WRONGTYPE) arrives as an error too.
  void run(Command cmd, Callback done);
  // Runs `task` on the worker thread every `period` while connected; the id
  // is for cancel(), which waits for a running task to finish (so never
  // call it from a task).
  std::size_t every(std::chrono::milliseconds period, std::function<void()> task);
  void cancel(std::size_t periodic_id);

  bool connected() const;
  // Waits until connected or `timeout` passes (startup, tests).
  bool wait_connected(std::chrono::milliseconds timeout) const;
  std::string last_error() const;

 private:
  struct Job {
    Command cmd;
    Callback done;
  };
  struct Periodic {
    std::size_t id;
    std::chrono::milliseconds period;
    std::function<void()> task;
    std::chrono::steady_clock::time_point next;
  };
  void loop();
  bool connect(std::string& error);
  void disconnect(const std::string& why);
  ClusterResult<RedisReply> execute(const Command& cmd);
  void run_due_periodics();
  std::chrono::steady_clock::time_point next_wakeup() const;
  void fail_queued(const std::string& why);

  const RedisWorkerOptions opts_;
  redisContext* ctx_ = nullptr;  // worker thread only
  std::chrono::milliseconds backoff_;
  std::chrono::steady_clock::time_point next_connect_;

  std::mutex periodic_run_mu_;  // held while periodic tasks run
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<Job> queue_;
  std::vector<Periodic> periodics_;
  std::size_t next_periodic_id_ = 1;
  bool connected_ = false;
  bool stopping_ = false;
  std::string last_error_ = "not connected yet";
  std::thread thread_;
};

}  // namespace voxgate::cluster
