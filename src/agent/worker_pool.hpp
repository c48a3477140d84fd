#pragma once
// WorkerPool: a small fixed pool of threads for the local agent's blocking
// work (engine construction, ASR, TTS), so none of it runs on an I/O thread
// (ARCHITECTURE.md "Concurrency").
//
// Owner: the LocalAgentServer (shared_ptr; sessions keep a weak_ptr so a
// late job never reaches a destroyed pool). Thread affinity: submit() and
// make_lane() from any thread; stop() from any thread except a worker.
// Each session has its own Lane (a strand on the pool): its jobs run one at
// a time and in order, which is what LocalAgentEngine requires, while jobs
// of different sessions run in parallel.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace voxgate::agent {

class WorkerPool {
 public:
  using Lane = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  Lane make_lane();

  // A strand must not outlive the pool it runs on (its destructor touches the
  // pool's strand service). At server shutdown the pool can go first while a
  // connection's last handler still holds a session: its lane is then kept
  // reachable and never destroyed. Once per session at shutdown, never per
  // call in normal operation. Call from the session's destructor.
  static void keep_if_orphaned(std::optional<Lane>& lane, const std::weak_ptr<WorkerPool>& pool);

  // Runs job() on the lane, then posts done(result) to `home` (the
  // connection's strand). A job that throws is counted and its done is not
  // called, so jobs should report failures in their result instead.
  template <typename Job, typename Done>
  void submit(const Lane& lane, Job job, boost::asio::any_io_executor home, Done done) {
    boost::asio::post(lane, [this, job = std::move(job), home = std::move(home),
                             done = std::move(done)]() mutable {
      try {
        auto result = job();
        ++jobs_done_;
        boost::asio::post(home, [result = std::move(result), done = std::move(done)]() mutable {
          done(std::move(result));
        });
      } catch (...) {
        ++jobs_failed_;
      }
    });
  }

  // Runs every job on the workers, in parallel as far as there are threads,
  // and returns when all have finished. Start-up work (warming caches);
  // never from a worker, which would wait for itself.
  void run_all(const std::vector<std::function<void()>>& jobs);

  // Drops queued jobs and waits for running ones. Idempotent.
  void stop();

  int threads() const { return threads_; }
  uint64_t jobs_done() const { return jobs_done_; }
  uint64_t jobs_failed() const { return jobs_failed_; }

 private:
  int threads_;
  boost::asio::thread_pool pool_;
  std::atomic<uint64_t> jobs_done_{0};
  std::atomic<uint64_t> jobs_failed_{0};
};

}  // namespace voxgate::agent
