#pragma once
// Writes call records off the I/O threads: calls hand records to submit()
// (non-blocking; bounded queue) and one writer thread saves them. BEHAVIOUR 6:
// a record is never lost silently. A put that may pass (busy, locked, disk
// full, I/O error) is retried with a doubling backoff; a record that still
// fails, or one submit() cannot queue, is counted and reported to the
// Listener (which logs and exports it); it never reaches a call. stop()
// saves everything queued before returning. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "store/call_store.hpp"

namespace voxgate::store {

struct RecordWriterOptions {
  size_t max_queue = 10000;
  int max_attempts = 5;  // puts per record, the first included
  std::chrono::milliseconds first_backoff{50};
  std::chrono::milliseconds max_backoff{1000};
  // With nothing queued for this long, the writer asks the store to save
  // what it kept back (CallStore::retry_waiting), and again after each idle
  // period: records spooled while PostgreSQL was away reach it within this
  // long of its return.
  std::chrono::milliseconds idle_retry{2000};
  // Waits between attempts, on the writer thread; tests inject their own.
  std::function<void(std::chrono::milliseconds)> sleep = {};
};

class RecordWriter {
 public:
  // Called on the thread that saw it: on_dropped on the submitter's (an I/O
  // thread: keep it short), the others on the writer thread.
  class Listener {
   public:
    virtual ~Listener() = default;
    // submit() refused the record: "queue_full" or "stopped".
    virtual void on_dropped(const CallRecord& record, std::string_view reason) = 0;
    // Attempt `attempt` failed in a way that may pass; it is tried again.
    virtual void on_retry(const CallRecord& record, int attempt, const std::string& error) = 0;
    // The record is not saved, after `attempts` puts.
    virtual void on_failed(const CallRecord& record, int attempts, const std::string& error) = 0;
  };
  using OnFailure = std::function<void(const CallRecord&, const std::string& error)>;

  // `listener`, when given, outlives the writer.
  RecordWriter(CallStore& store, RecordWriterOptions options, Listener* listener);
  // Kept for callers that only want failures: drops go uncounted outside.
  explicit RecordWriter(CallStore& store, size_t max_queue = 10000, OnFailure on_failure = {});
  ~RecordWriter();  // stop()s

  // False (counted as dropped, and reported) when the queue is full or stopped.
  bool submit(CallRecord record);
  // Saves everything queued, then joins the thread. Idempotent.
  void stop();
  // Blocks until the queue is empty and nothing is being saved.
  void flush();

  uint64_t written() const;
  uint64_t failed() const;
  uint64_t dropped() const;
  uint64_t retries() const;
  uint64_t idle_retries() const;  // CallStore::retry_waiting calls

 private:
  class CallbackListener;
  void run();
  void retry_waiting(std::unique_lock<std::mutex>& lock);
  bool save_with_retry(const CallRecord& record);

  CallStore& store_;
  const RecordWriterOptions options_;
  std::unique_ptr<Listener> owned_listener_;
  Listener* listener_;
  mutable std::mutex mu_;
  std::mutex join_mu_;  // serialises stop()'s join
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<CallRecord> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  uint64_t written_ = 0, failed_ = 0, dropped_ = 0, retries_ = 0, idle_retries_ = 0;
  std::thread thread_;
};

}  // namespace voxgate::store
