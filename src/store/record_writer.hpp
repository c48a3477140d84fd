#pragma once
// Writes call records off the I/O threads: calls hand records to submit()
// (non-blocking; bounded queue) and one writer thread saves them. A failed
// write is logged by the owner via the failure callback and counted; it
// never reaches a call. stop() drains the queue so nothing is lost at
// shutdown. Thread-safe.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "store/call_store.hpp"

namespace voxgate::store {

class RecordWriter {
 public:
  using OnFailure = std::function<void(const CallRecord&, const std::string& error)>;

  RecordWriter(CallStore& store, size_t max_queue = 10000, OnFailure on_failure = {});
  ~RecordWriter();  // stop()s

  // False (and counted as dropped) only when the queue is full or stopped.
  bool submit(CallRecord record);
  // Saves everything queued, then joins the thread. Idempotent.
  void stop();
  // Blocks until the queue is empty (tests, shutdown).
  void flush();

  uint64_t written() const;
  uint64_t failed() const;
  uint64_t dropped() const;

 private:
  void run();

  CallStore& store_;
  const size_t max_queue_;
  OnFailure on_failure_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<CallRecord> queue_;
  bool stopping_ = false;
  bool busy_ = false;
  uint64_t written_ = 0, failed_ = 0, dropped_ = 0;
  std::thread thread_;
};

}  // namespace voxgate::store
