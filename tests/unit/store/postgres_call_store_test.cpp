// The PostgreSQL store against a real server (postgres_server.hpp), started
// once for the suite; each test gets a database of its own. Without the
// server binaries the tests are skipped, or fail when VOXGATE_REQUIRE_SERVERS=1.

#include "store/postgres_call_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "list_filter_cases.hpp"
#include "postgres_server.hpp"
#include "store/open_call_store.hpp"
#include "store/postgres_schema.hpp"
#include "store/record_json.hpp"
#include "store/sqlite_call_store.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

using test::PostgresServer;
using test::sample;

constexpr const char* kPassword = "pg-s3cret-pw";

class PostgresCallStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string bindir = PostgresServer::find_bindir();
    if (bindir.empty()) {
      missing_ = "no PostgreSQL server binaries (install postgresql-15, or set VOXGATE_PG_BINDIR)";
      return;
    }
    auto s = PostgresServer::launch(bindir, kPassword);
    if (s) server_ = std::move(s).value();
    if (!s) failed_ = "cannot start PostgreSQL from " + bindir + ": " + s.error();
  }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    ASSERT_TRUE(failed_.empty()) << failed_;
    if (!server_) {
      if (PostgresServer::required()) FAIL() << missing_ << "; VOXGATE_REQUIRE_SERVERS=1";
      GTEST_SKIP() << missing_;
    }
    std::string error;
    if (!server_->running()) {
      ASSERT_TRUE(server_->start(error)) << error;
    }
    db_ = "t" + std::to_string(++databases_);
    ASSERT_TRUE(server_->exec("postgres", "CREATE DATABASE " + db_, error)) << error;
  }

  std::unique_ptr<PostgresCallStore> open_store() {
    auto s = PostgresCallStore::open(server_->url(db_));
    EXPECT_TRUE(s.ok()) << s.error();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  std::string count(const std::string& table) {
    return server_->scalar(db_, "SELECT count(*) FROM " + table);
  }
  void stop_server() {
    std::string error;
    ASSERT_TRUE(server_->stop(error)) << error;
  }
  void start_server() {
    std::string error;
    ASSERT_TRUE(server_->start(error)) << error;
  }

  static inline std::unique_ptr<PostgresServer> server_;
  static inline std::string missing_, failed_;
  static inline int databases_ = 0;
  std::string db_;
};

// Records that exercise every column and the order's tie-breaks: equal start
// times, two streams of one call id, an explicit key, NULL latencies.
std::vector<CallRecord> varied_records() {
  std::vector<CallRecord> out = {sample("1", 1000, "caller_hangup"),
                                 sample("2", 2000, "ai_failure"),
                                 sample("3", 2000, "caller_hangup")};
  CallRecord a = sample("4", 3000, "caller_hangup"), b = a, c = a;
  a.stream_sid = "MZ4a";
  b.stream_sid = "MZ4b";
  b.started_at_ms = 3500;
  b.end_reason = "agent_hangup";
  c.stream_sid = "MZ4c";  // as new as b: the later insert is the newer
  c.started_at_ms = 3500;
  out.push_back(a), out.push_back(b), out.push_back(c);
  CallRecord odd = sample("5", 1712345678901, "max_duration");
  odd.key = "custom-key";
  odd.stream_sid = "";
  odd.first_audio_ms.reset();
  odd.turn_latency_ms = 0.1;
  odd.barge_in_latency_ms = 1e-300;
  odd.recording_path = "/var/lib/voxgate/rec/5.wav";
  odd.turns.push_back({"caller", "caf\xC3\xA9 \"quoted\"\nnew line", false, -5});
  odd.events.push_back({7, "error", "", -2.5});
  odd.carrier = "signalwire";
  odd.caller = "";
  out.push_back(odd);
  CallRecord bare;
  bare.id = "6";
  bare.started_at_ms = 2000;
  out.push_back(bare);
  return out;
}

std::vector<std::string> as_json(const std::vector<CallRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(record_to_json(r));
  return out;
}

TEST_F(PostgresCallStoreTest, MigratesAtOpenOnceAndAgainIsANoOp) {
  auto a = open_store();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->schema_version(), 2);
  auto b = open_store();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->schema_version(), 2);
  EXPECT_EQ(count("schema_version"), "2");
  EXPECT_EQ(server_->scalar(db_,
                            "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                            "WHERE schemaname = 'public'"),
            "calls,events,schema_version,turns");
}

// Instances that start together: the migration lock lets one migrate and
// the others find the work done (without it, one CREATE TABLE would fail).
TEST_F(PostgresCallStoreTest, InstancesStartingTogetherMigrateOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (PostgresCallStore::open(server_->url(db_)).ok()) ++opened;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(opened.load(), 4);
  EXPECT_EQ(count("schema_version"), "2");
}

// A database at version 1 (before the carrier and the caller were kept):
// its rows read with both empty, and new records keep them.
TEST_F(PostgresCallStoreTest, Version1RowsReadWithNoCarrierOrCaller) {
  std::string error;
  ASSERT_TRUE(server_->exec(db_, postgres_schema::kVersionTable, error)) << error;
  ASSERT_TRUE(server_->exec(db_,
                            std::string(postgres_schema::kMigrations[0]) +
                                "; INSERT INTO schema_version (version) VALUES (1);"
                                "INSERT INTO calls (key, id, call_sid, stream_sid, started_at_ms, "
                                "ended_at_ms, end_reason) VALUES ('CA1/MZ1', 'CA1', 'CA1', 'MZ1', "
                                "1000, 2000, 'caller_hangup')",
                            error))
      << error;
  auto s = open_store();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), 2);
  auto old = s->get("CA1");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->end_reason, "caller_hangup");
  EXPECT_EQ(old->carrier, "");
  EXPECT_EQ(old->caller, "");
  ASSERT_EQ(s->put(sample("2", 3000, "caller_hangup"), error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(s->get("2")->carrier, "twilio");
  EXPECT_EQ(s->get("2")->caller, "+15550102");
}

TEST_F(PostgresCallStoreTest, RefusesASchemaNewerThanItKnows) {
  ASSERT_TRUE(open_store());
  std::string error;
  ASSERT_TRUE(server_->exec(db_, "INSERT INTO schema_version (version) VALUES (3)", error));
  auto s = PostgresCallStore::open(server_->url(db_));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("call schema is version 3, newer than this voxgate knows (2)"),
            std::string::npos)
      << s.error();
}

TEST_F(PostgresCallStoreTest, GetAndListAnswerAsSqliteDoesForTheSameRecords) {
  auto pg = open_store();
  ASSERT_TRUE(pg);
  auto lite = std::move(SqliteCallStore::open(":memory:")).value();
  for (const auto& r : varied_records()) {
    std::string e1, e2;
    ASSERT_EQ(pg->put(r, e1), SaveOutcome::kSaved) << e1;
    ASSERT_EQ(lite->put(r, e2), SaveOutcome::kSaved) << e2;
  }
  for (const char* id :
       {"1", "2", "3", "4", "4/MZ4a", "4/MZ4b", "4/MZ4c", "5", "custom-key", "6", "none"}) {
    auto p = pg->get(id), l = lite->get(id);
    ASSERT_EQ(bool(p), bool(l)) << id;
    if (p) {
      EXPECT_EQ(record_to_json(*p), record_to_json(*l)) << id;
    }
  }
  // since, until, end_reason, limit, offset
  const std::vector<ListQuery> queries = {{0, 0, "", 50, 0, "", ""},
                                          {0, 0, "caller_hangup", 50, 0, "", ""},
                                          {2000, 0, "", 50, 0, "", ""},
                                          {1000, 3000, "", 50, 0, "", ""},
                                          {0, 0, "", 2, 0, "", ""},
                                          {0, 0, "", 3, 2, "", ""},
                                          {0, 0, "", 0, 0, "", ""},
                                          {0, 0, "", -1, 0, "", ""},
                                          {0, 0, "", 2, -1, "", ""},
                                          {0, 0, "nobody", 50, 0, "", ""},
                                          {0, 0, "", 50, 0, "signalwire", ""},
                                          {0, 0, "", 50, 0, "twilio", "WHICH"},
                                          {0, 0, "", 50, 0, "", "caf\xC3\xA9 \"q"},
                                          {0, 0, "", 50, 0, "", "%"}};
  for (const auto& q : queries) {
    const auto p = as_json(pg->list(q)), l = as_json(lite->list(q));
    EXPECT_EQ(p, l) << "since " << q.since_ms << " until " << q.until_ms << " reason '"
                    << q.end_reason << "' limit " << q.limit << " offset " << q.offset
                    << " carrier '" << q.carrier << "' text '" << q.text << "'";
  }
  EXPECT_EQ(pg->list({}).size(), 8u);
  EXPECT_EQ(pg->get("4")->stream_sid, "MZ4c");
}

TEST_F(PostgresCallStoreTest, ListsByCarrierAndByTextInTranscripts) {
  auto pg = open_store();
  ASSERT_TRUE(pg);
  test::check_list_filters(*pg);
}

TEST_F(PostgresCallStoreTest, PutIsAnUpsertOnTheRecordKey) {
  auto s = open_store();
  ASSERT_TRUE(s);
  CallRecord r = sample("1", 1000, "");
  std::string error;
  ASSERT_EQ(s->put(r, error), SaveOutcome::kSaved) << error;
  ASSERT_EQ(s->put(r, error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(count("calls"), "1");
  EXPECT_EQ(count("turns"), "3");
  r.turns.resize(1);
  r.end_reason = "agent_hangup";
  ASSERT_EQ(s->put(r, error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(count("calls"), "1");
  EXPECT_EQ(count("turns"), "1");
  EXPECT_EQ(count("events"), "2");
  EXPECT_EQ(record_to_json(*s->get("1")), record_to_json([&] {
              CallRecord k = r;
              k.key = "1/MZ1";
              return k;
            }()));
}

TEST_F(PostgresCallStoreTest, AnotherStreamsKeyIsRefusedAndItsRecordLeftAlone) {
  auto s = open_store();
  ASSERT_TRUE(s);
  CallRecord first = sample("1", 1000, "caller_hangup"), other = sample("2", 2000, "");
  first.key = other.key = "shared";
  std::string error;
  ASSERT_EQ(s->put(first, error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(s->put(other, error), SaveOutcome::kFailed);
  EXPECT_EQ(error, "record key 'shared' belongs to another call or stream");
  EXPECT_EQ(s->get("shared")->id, "1");
  EXPECT_EQ(count("turns"), "3");
}

TEST_F(PostgresCallStoreTest, AValueTheServerRefusesIsFailedAndLeavesTheStoreReady) {
  auto s = open_store();
  ASSERT_TRUE(s);
  CallRecord bad = sample("1", 1000, "");
  bad.turns[1].text = "not UTF-8: \xFF";
  std::string error;
  EXPECT_EQ(s->put(bad, error), SaveOutcome::kFailed);
  EXPECT_NE(error.find("UTF8"), std::string::npos) << error;
  EXPECT_EQ(count("calls"), "0");  // all or nothing
  ASSERT_EQ(s->put(sample("2", 1000, ""), error), SaveOutcome::kSaved) << error;
}

TEST_F(PostgresCallStoreTest, ANulInATextIsKeptAsAReplacementCharacter) {
  auto s = open_store();
  ASSERT_TRUE(s);
  CallRecord r = sample("1", 1000, "");
  r.turns[0].text = std::string("a\0b", 3);
  std::string error;
  ASSERT_EQ(s->put(r, error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(s->get("1")->turns[0].text,
            "a\xEF\xBF\xBD"
            "b");
}

TEST_F(PostgresCallStoreTest, WhileTheServerIsDownPutRetriesAndTheNextOneAfterReconnects) {
  auto s = open_store();
  ASSERT_TRUE(s);
  std::string error;
  ASSERT_EQ(s->put(sample("1", 1000, ""), error), SaveOutcome::kSaved) << error;
  stop_server();
  EXPECT_EQ(s->put(sample("2", 2000, ""), error), SaveOutcome::kRetry);
  EXPECT_NE(error.find("postgresql://voxgate:***@127.0.0.1:"), std::string::npos) << error;
  EXPECT_EQ(error.find(kPassword), std::string::npos) << error;
  EXPECT_EQ(s->put(sample("2", 2000, ""), error), SaveOutcome::kRetry);
  EXPECT_FALSE(s->get("1"));
  EXPECT_TRUE(s->list({}).empty());
  start_server();
  ASSERT_EQ(s->put(sample("2", 2000, ""), error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(s->list({}).size(), 2u);
}

// The server restarted while the store was idle: its connection is dead but
// not yet known to be. The put finds out and runs again on a new one.
TEST_F(PostgresCallStoreTest, AConnectionLostWhileIdleCostsNoFailedPut) {
  auto s = open_store();
  ASSERT_TRUE(s);
  std::string error;
  ASSERT_EQ(s->put(sample("1", 1000, ""), error), SaveOutcome::kSaved) << error;
  stop_server();
  start_server();
  EXPECT_EQ(s->put(sample("2", 2000, ""), error), SaveOutcome::kSaved) << error;
  stop_server();
  start_server();
  EXPECT_TRUE(s->get("2"));
}

TEST_F(PostgresCallStoreTest, TheSpoolKeepsRecordsWhileTheServerIsDownAndLosesOrDuplicatesNone) {
  test::TempDir dir;
  StoreOptions options;
  options.url = server_->url(db_);
  options.spool = dir.file("spool.jsonl");
  auto opened = open_call_store(options);
  ASSERT_TRUE(opened.ok()) << opened.error();
  auto* spool = dynamic_cast<RecordSpool*>(opened->get());
  ASSERT_NE(spool, nullptr);
  std::string error;
  ASSERT_EQ(spool->put(sample("1", 1000, ""), error), SaveOutcome::kSaved) << error;
  stop_server();
  CallRecord two = sample("2", 2000, "");
  for (const auto& r : {two, sample("3", 3000, "")}) {
    EXPECT_EQ(spool->put(r, error), SaveOutcome::kSaved) << error;
  }
  two.end_reason = "caller_hangup";
  two.turns.resize(2);
  EXPECT_EQ(spool->put(two, error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(spool->spooled(), 3u);
  EXPECT_EQ(spool->spool_size(), 3u);
  start_server();
  ASSERT_EQ(spool->put(sample("4", 4000, ""), error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(spool->replayed(), 3u);
  EXPECT_EQ(spool->spool_size(), 0u);
  EXPECT_EQ(count("calls"), "4");
  EXPECT_EQ(count("turns"), "11");  // 3 + 2 + 3 + 3: the newer "2" replaced the older
  EXPECT_EQ(spool->get("2")->end_reason, "caller_hangup");
  // A crash before the spool was rewritten: the same lines replayed again.
  opened->reset();
  std::ofstream(options.spool) << record_to_json(sample("3", 3000, "")) << "\n"
                               << record_to_json(two) << "\n";
  auto again = open_call_store(options);  // replays at open
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(dynamic_cast<RecordSpool*>(again->get())->spool_size(), 0u);
  EXPECT_EQ(count("calls"), "4");
  EXPECT_EQ(count("turns"), "11");
}

TEST_F(PostgresCallStoreTest, AWrongPasswordIsRefusedAndNotShown) {
  auto s = PostgresCallStore::open(server_->url(db_, "not-the-pw"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("password authentication failed"), std::string::npos) << s.error();
  EXPECT_NE(s.error().find("postgresql://voxgate:***@127.0.0.1:"), std::string::npos) << s.error();
  EXPECT_EQ(s.error().find("not-the-pw"), std::string::npos) << s.error();
}

TEST_F(PostgresCallStoreTest, AnUnreachableServerIsAClearErrorAtOpen) {
  const std::string url = "postgresql://voxgate:" + std::string(kPassword) + "@127.0.0.1:1/x";
  StoreOptions options;
  options.url = url;
  options.spool = "/nonexistent/spool";
  auto s = open_call_store(options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().rfind(
                "cannot connect to PostgreSQL at postgresql://voxgate:***@127.0.0.1:1/x: ", 0),
            0u)
      << s.error();
  EXPECT_NE(s.error().find("(check store.url)"), std::string::npos) << s.error();
  EXPECT_EQ(s.error().find(kPassword), std::string::npos) << s.error();
}

TEST_F(PostgresCallStoreTest, PutsFromManyThreadsAllLand) {
  auto s = open_store();
  ASSERT_TRUE(s);
  std::vector<std::thread> threads;
  std::atomic<int> saved{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string error;
        const std::string id = std::to_string(t * 100 + i);
        if (s->put(sample(id, 1000 + i, ""), error) == SaveOutcome::kSaved) ++saved;
        if (s->get(id)) ++saved;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(saved.load(), 80);
  EXPECT_EQ(count("calls"), "40");
}

}  // namespace
}  // namespace voxgate::store
