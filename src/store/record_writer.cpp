#include "store/record_writer.hpp"

#include <algorithm>

namespace voxgate::store {

// Adapts the failure-only callback of the old constructor.
class RecordWriter::CallbackListener final : public RecordWriter::Listener {
 public:
  explicit CallbackListener(OnFailure f) : f_(std::move(f)) {}
  void on_dropped(const CallRecord&, std::string_view) override {}
  void on_retry(const CallRecord&, int, const std::string&) override {}
  void on_failed(const CallRecord& r, int, const std::string& error) override {
    if (f_) f_(r, error);
  }

 private:
  OnFailure f_;
};

RecordWriter::RecordWriter(CallStore& store, RecordWriterOptions options, Listener* listener)
    : store_(store), options_(std::move(options)), listener_(listener) {
  thread_ = std::thread([this] { run(); });
}

RecordWriter::RecordWriter(CallStore& store, size_t max_queue, OnFailure on_failure)
    : store_(store),
      options_{.max_queue = max_queue},
      owned_listener_(std::make_unique<CallbackListener>(std::move(on_failure))),
      listener_(owned_listener_.get()) {
  thread_ = std::thread([this] { run(); });
}

RecordWriter::~RecordWriter() {
  stop();
}

bool RecordWriter::submit(CallRecord record) {
  const char* refused = nullptr;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      refused = "stopped";
    } else if (queue_.size() >= options_.max_queue) {
      refused = "queue_full";
    } else {
      queue_.push_back(std::move(record));
    }
    if (refused) ++dropped_;
  }
  // BEHAVIOUR 6: a record is never lost silently.
  if (refused) {
    if (listener_) listener_->on_dropped(record, refused);
    return false;
  }
  cv_.notify_one();
  return true;
}

void RecordWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!cv_.wait_for(lock, options_.idle_retry, [&] { return stopping_ || !queue_.empty(); })) {
      retry_waiting(lock);
      continue;
    }
    if (queue_.empty()) return;  // stopping and drained
    CallRecord record = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    const bool ok = save_with_retry(record);
    lock.lock();
    busy_ = false;
    ++(ok ? written_ : failed_);
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

// Idle: the store saves what it kept back (BEHAVIOUR 6: a spooled record
// is written when the store is back). Outside the lock: it may take a while.
void RecordWriter::retry_waiting(std::unique_lock<std::mutex>& lock) {
  busy_ = true;
  lock.unlock();
  store_.retry_waiting();
  lock.lock();
  busy_ = false;
  ++idle_retries_;
  if (queue_.empty()) idle_cv_.notify_all();
}

// BEHAVIOUR 6: a write that fails is retried, and one that still fails is
// counted and logged. Only failures that may pass are retried; the wait
// doubles from first_backoff up to max_backoff.
bool RecordWriter::save_with_retry(const CallRecord& record) {
  auto backoff = options_.first_backoff;
  std::string error;
  for (int attempt = 1;; ++attempt) {
    error.clear();
    const SaveOutcome outcome = store_.put(record, error);
    if (outcome == SaveOutcome::kSaved) return true;
    if (outcome == SaveOutcome::kFailed || attempt >= options_.max_attempts) {
      if (listener_) listener_->on_failed(record, attempt, error);
      return false;
    }
    {
      std::lock_guard lock(mu_);
      ++retries_;
    }
    if (listener_) listener_->on_retry(record, attempt, error);
    if (options_.sleep) {
      options_.sleep(backoff);
    } else {
      std::this_thread::sleep_for(backoff);
    }
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void RecordWriter::flush() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void RecordWriter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  // One joiner: a second stop() (the destructor after an explicit one) finds
  // the thread joined.
  std::lock_guard join_lock(join_mu_);
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
uint64_t RecordWriter::retries() const {
  std::lock_guard lock(mu_);
  return retries_;
}

uint64_t RecordWriter::idle_retries() const {
  std::lock_guard lock(mu_);
  return idle_retries_;
}

}  // namespace voxgate::store
