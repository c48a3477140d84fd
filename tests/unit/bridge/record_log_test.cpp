// BEHAVIOUR 6: a record that is dropped or not saved is logged with its call's
// ids and counted.
#include "bridge/record_log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "obs/log.hpp"
#include "store/sqlite_call_store.hpp"

namespace voxgate::bridge {
namespace {

// Sends spdlog's default logger to a string for one test.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream out_;
};

store::CallRecord record(const std::string& call_sid) {
  store::CallRecord r;
  r.id = r.call_sid = call_sid;
  r.stream_sid = "MZ" + call_sid;
  return r;
}

// Fails every put in a way that may pass.
class BusyStore : public store::CallStore {
 public:
  store::SaveOutcome put(const store::CallRecord&, std::string& error) override {
    error = "database is locked";
    return store::SaveOutcome::kRetry;
  }
  std::optional<store::CallRecord> get(const std::string&) override { return std::nullopt; }
  std::vector<store::CallRecord> list(const store::ListQuery&) override { return {}; }
};

TEST(RecordLog, DroppedRecordsAreLoggedWithTheCallIdAndCounted) {
  obs::MetricsRegistry registry;
  obs::CallMetrics metrics(registry);
  RecordLog log(metrics);
  CapturedLog captured;
  auto opened = store::SqliteCallStore::open(":memory:");
  ASSERT_TRUE(opened.ok());
  store::RecordWriter w(**opened, {.max_queue = 0}, &log);
  EXPECT_FALSE(w.submit(record("CA1")));
  w.stop();
  EXPECT_FALSE(w.submit(record("CA2")));
  EXPECT_EQ(metrics.records_dropped_queue_full.value(), 1u);
  EXPECT_EQ(metrics.records_dropped_stopped.value(), 1u);
  const auto text = captured.text();
  EXPECT_NE(text.find("call_sid=CA1 stream_sid=MZCA1] call record CA1 dropped, not saved: "
                      "queue_full"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("call record CA2 dropped, not saved: stopped"), std::string::npos) << text;
  EXPECT_NE(
      registry.render_prometheus().find("voxgate_records_dropped_total{reason=\"queue_full\"} 1"),
      std::string::npos);
}

TEST(RecordLog, RetriesAndFinalFailuresAreLoggedAndCounted) {
  obs::MetricsRegistry registry;
  obs::CallMetrics metrics(registry);
  RecordLog log(metrics);
  CapturedLog captured;
  BusyStore store;
  {
    store::RecordWriter w(store, {.max_attempts = 3, .sleep = [](auto) {}}, &log);
    ASSERT_TRUE(w.submit(record("CA7")));
    w.flush();
  }
  EXPECT_EQ(metrics.record_write_retries.value(), 2u);
  EXPECT_EQ(metrics.record_write_failures.value(), 1u);
  const auto text = captured.text();
  EXPECT_NE(text.find("[call_sid=CA7 stream_sid=MZCA7] call record CA7 not saved after 3 "
                      "attempts: database is locked"),
            std::string::npos)
      << text;
}

TEST(RecordLog, SpooledAndReplayedRecordsAreLoggedAndCounted) {
  obs::MetricsRegistry registry;
  obs::CallMetrics metrics(registry);
  RecordLog log(metrics);
  CapturedLog captured;
  log.on_spooled(record("CA8"), "connection refused");
  log.on_spooled(record("CA9"), "connection refused");
  log.on_replayed(2, 0);
  EXPECT_EQ(metrics.records_spooled.value(), 2u);
  EXPECT_EQ(metrics.records_replayed.value(), 2u);
  const auto text = captured.text();
  EXPECT_NE(text.find("call record CA8 kept in the spool until the store takes it: connection "
                      "refused"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("2 spooled call record(s) saved to the store; 0 still in the spool"),
            std::string::npos)
      << text;
  const auto page = registry.render_prometheus();
  EXPECT_NE(page.find("voxgate_records_spool_replayed_total 2"), std::string::npos) << page;
}

}  // namespace
}  // namespace voxgate::bridge
