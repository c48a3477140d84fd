#include "store/record_writer.hpp"

namespace voxgate::store {

RecordWriter::RecordWriter(CallStore& store, size_t max_queue, OnFailure on_failure)
    : store_(store), max_queue_(max_queue), on_failure_(std::move(on_failure)) {
  thread_ = std::thread([this] { run(); });
}

RecordWriter::~RecordWriter() {
  stop();
}

bool RecordWriter::submit(CallRecord record) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || queue_.size() >= max_queue_) {
      ++dropped_;
      return false;
    }
    queue_.push_back(std::move(record));
  }
  cv_.notify_one();
  return true;
}

void RecordWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    CallRecord record = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    std::string error;
    const bool ok = store_.save(record, error);
    if (!ok && on_failure_) on_failure_(record, error);
    lock.lock();
    busy_ = false;
    ++(ok ? written_ : failed_);
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

void RecordWriter::flush() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void RecordWriter::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

uint64_t RecordWriter::written() const {
  std::lock_guard lock(mu_);
  return written_;
}
uint64_t RecordWriter::failed() const {
  std::lock_guard lock(mu_);
  return failed_;
}
uint64_t RecordWriter::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

}  // namespace voxgate::store
