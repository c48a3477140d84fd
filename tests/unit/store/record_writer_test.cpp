// BEHAVIOUR 6: a record is never lost silently: retried while it may pass,
// counted and reported when it fails or cannot be queued, and every queued
// record saved by stop().
#include "store/record_writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite_call_store.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

using std::chrono::milliseconds;
using test::sample;

struct Seen : RecordWriter::Listener {
  void on_dropped(const CallRecord& r, std::string_view reason) override {
    std::lock_guard lock(mu);
    dropped.push_back(r.id + ":" + std::string(reason));
  }
  void on_retry(const CallRecord& r, int attempt, const std::string&) override {
    std::lock_guard lock(mu);
    retried.push_back(r.id + ":" + std::to_string(attempt));
  }
  void on_failed(const CallRecord& r, int attempts, const std::string& error) override {
    std::lock_guard lock(mu);
    failed.push_back(r.id + ":" + std::to_string(attempts));
    last_error = error;
  }
  std::mutex mu;
  std::vector<std::string> dropped, retried, failed;
  std::string last_error;
};

std::unique_ptr<SqliteCallStore> file_store(const std::string& path) {
  auto s = SqliteCallStore::open(path, {.busy_timeout_ms = 0});
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

TEST(RecordWriterRetry, SavesAfterAnotherConnectionReleasesItsLock) {
  test::TempDir dir;
  const auto path = dir.file("calls.db");
  auto store = file_store(path);
  test::RawDb other(path);
  ASSERT_EQ(other.exec("BEGIN EXCLUSIVE;"), SQLITE_OK) << other.error();
  std::vector<milliseconds> waits;
  RecordWriterOptions options;
  // The "wait" is where time would pass: the other connection lets go after
  // the second one.
  options.sleep = [&](milliseconds d) {
    waits.push_back(d);
    if (waits.size() == 2) {
      EXPECT_EQ(other.exec("COMMIT;"), SQLITE_OK);
    }
  };
  Seen seen;
  RecordWriter w(*store, options, &seen);
  for (const char* id : {"a", "b", "c"}) ASSERT_TRUE(w.submit(sample(id, 1, "x")));
  w.flush();
  ASSERT_TRUE(w.submit(sample("next", 2, "x")));
  w.flush();
  EXPECT_EQ(w.written(), 4u);
  EXPECT_EQ(w.failed(), 0u);
  EXPECT_EQ(w.retries(), 2u);
  EXPECT_EQ(waits, (std::vector<milliseconds>{milliseconds(50), milliseconds(100)}));
  EXPECT_EQ(seen.retried, (std::vector<std::string>{"a:1", "a:2"}));
  for (const char* id : {"a", "b", "c", "next"}) EXPECT_TRUE(store->get(id)) << id;
}

TEST(RecordWriterRetry, GivesUpAfterBoundedAttemptsThenWritesTheNext) {
  test::TempDir dir;
  const auto path = dir.file("calls.db");
  auto store = file_store(path);
  test::RawDb other(path);
  ASSERT_EQ(other.exec("BEGIN EXCLUSIVE;"), SQLITE_OK);
  std::vector<milliseconds> waits;
  RecordWriterOptions options{.max_attempts = 5,
                              .first_backoff = milliseconds(50),
                              .max_backoff = milliseconds(150),
                              .sleep = [&](milliseconds d) { waits.push_back(d); }};
  Seen seen;
  RecordWriter w(*store, options, &seen);
  ASSERT_TRUE(w.submit(sample("lost", 1, "x")));
  w.flush();
  EXPECT_EQ(w.failed(), 1u);
  EXPECT_EQ(seen.failed, std::vector<std::string>{"lost:5"});
  EXPECT_FALSE(seen.last_error.empty());
  EXPECT_EQ(waits, (std::vector<milliseconds>{milliseconds(50), milliseconds(100),
                                              milliseconds(150), milliseconds(150)}));
  ASSERT_EQ(other.exec("COMMIT;"), SQLITE_OK);
  ASSERT_TRUE(w.submit(sample("next", 2, "x")));
  w.flush();
  EXPECT_EQ(w.written(), 1u);
  EXPECT_TRUE(store->get("next"));
}

// Fails every put the same way.
class OutcomeStore : public CallStore {
 public:
  explicit OutcomeStore(SaveOutcome o) : outcome_(o) {}
  SaveOutcome put(const CallRecord&, std::string& error) override {
    ++puts;
    error = "no";
    return outcome_;
  }
  std::optional<CallRecord> get(const std::string&) override { return std::nullopt; }
  std::vector<CallRecord> list(const ListQuery&) override { return {}; }
  std::atomic<int> puts{0};

 private:
  SaveOutcome outcome_;
};

TEST(RecordWriterRetry, FailuresThatCannotPassAreNotRetried) {
  OutcomeStore store(SaveOutcome::kFailed);
  int waits = 0;
  Seen seen;
  RecordWriter w(store, {.sleep = [&](milliseconds) { ++waits; }}, &seen);
  w.submit(sample("a", 1, "x"));
  w.flush();
  EXPECT_EQ(store.puts, 1);
  EXPECT_EQ(waits, 0);
  EXPECT_EQ(seen.failed, std::vector<std::string>{"a:1"});
}

// Holds the first put until released, so records pile up in the queue.
class GatedStore : public CallStore {
 public:
  explicit GatedStore(CallStore& inner) : inner_(inner) {}
  SaveOutcome put(const CallRecord& r, std::string& error) override {
    if (!gated_) {
      gated_ = true;
      entered_.set_value();
      release_.get_future().wait();
    }
    return inner_.put(r, error);
  }
  std::optional<CallRecord> get(const std::string& id) override { return inner_.get(id); }
  std::vector<CallRecord> list(const ListQuery& q) override { return inner_.list(q); }
  void wait_entered() { entered_.get_future().wait(); }
  void release() { release_.set_value(); }

 private:
  CallStore& inner_;
  bool gated_ = false;
  std::promise<void> entered_, release_;
};

TEST(RecordWriterDrops, QueueFullAndStoppedAreReportedWithTheRecord) {
  auto inner = SqliteCallStore::open(":memory:");
  GatedStore store(**inner);
  Seen seen;
  RecordWriter w(store, {.max_queue = 1}, &seen);
  ASSERT_TRUE(w.submit(sample("a", 1, "x")));
  store.wait_entered();  // "a" is being saved; the queue is empty
  ASSERT_TRUE(w.submit(sample("b", 2, "x")));
  EXPECT_FALSE(w.submit(sample("c", 3, "x")));
  store.release();
  w.stop();
  EXPECT_FALSE(w.submit(sample("d", 4, "x")));
  EXPECT_EQ(w.dropped(), 2u);
  EXPECT_EQ(w.written(), 2u);
  EXPECT_EQ(seen.dropped, (std::vector<std::string>{"c:queue_full", "d:stopped"}));
}

TEST(RecordWriterStop, SavesEveryQueuedRecordBeforeReturning) {
  auto inner = SqliteCallStore::open(":memory:");
  GatedStore store(**inner);
  constexpr int kRecords = 2000;
  RecordWriter w(store, {.max_queue = 100 * kRecords}, nullptr);
  for (int i = 0; i < kRecords; ++i) ASSERT_TRUE(w.submit(sample(std::to_string(i), i, "x")));
  store.wait_entered();
  auto stopped = std::async(std::launch::async, [&] { w.stop(); });
  // stop() has begun once submit() is refused; only then let the saves run.
  // Probes that got in before that are saved too (one record, re-saved).
  int probes = 0;
  while (w.submit(sample("probe", 0, "x"))) {
    ++probes;
    std::this_thread::yield();
  }
  store.release();
  stopped.get();
  EXPECT_EQ(w.written(), static_cast<uint64_t>(kRecords + probes));
  ListQuery q;
  q.limit = kRecords + 10;
  EXPECT_EQ(store.list(q).size(), static_cast<size_t>(kRecords + (probes > 0 ? 1 : 0)));
}

// Counts retry_waiting calls; a test waits on the count.
class WaitingStore : public CallStore {
 public:
  explicit WaitingStore(CallStore& inner) : inner_(inner) {}
  SaveOutcome put(const CallRecord& r, std::string& error) override { return inner_.put(r, error); }
  std::optional<CallRecord> get(const std::string& id) override { return inner_.get(id); }
  std::vector<CallRecord> list(const ListQuery& q) override { return inner_.list(q); }
  size_t retry_waiting() override {
    std::lock_guard lock(mu_);
    ++retries_;
    cv_.notify_all();
    return 0;
  }
  bool wait_retries(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return retries_ >= n; });
  }

 private:
  CallStore& inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  int retries_ = 0;
};

TEST(RecordWriterIdle, AnIdleWriterAsksTheStoreToSaveWhatItKeptBack) {
  auto inner = SqliteCallStore::open(":memory:");
  WaitingStore store(**inner);
  RecordWriter w(store, {.idle_retry = std::chrono::milliseconds(1)}, nullptr);
  ASSERT_TRUE(store.wait_retries(2));  // and again after each idle period
  ASSERT_TRUE(w.submit(sample("a", 1, "x")));
  w.flush();
  w.stop();
  EXPECT_EQ(w.written(), 1u);
  EXPECT_GE(w.idle_retries(), 2u);
}

TEST(RecordWriterIdle, ABusyWriterDoesNotAskUntilItIsIdle) {
  auto inner = SqliteCallStore::open(":memory:");
  WaitingStore store(**inner);
  RecordWriter w(store, {.idle_retry = std::chrono::hours(1)}, nullptr);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(w.submit(sample(std::to_string(i), i, "x")));
  w.flush();
  w.stop();
  EXPECT_EQ(w.written(), 50u);
  EXPECT_EQ(w.idle_retries(), 0u);
}

}  // namespace
}  // namespace voxgate::store
