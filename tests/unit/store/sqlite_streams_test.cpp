// BEHAVIOUR 6: a second stream for the same call id never overwrites the
// first one's record; a database voxgate creates is private; a version 1
// database stays readable after the migration.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "store/sqlite_call_store.hpp"
#include "store/sqlite_schema.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

using test::sample;

std::unique_ptr<SqliteCallStore> open_or_fail(const std::string& path) {
  auto s = SqliteCallStore::open(path);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error());
  return s.ok() ? std::move(s).value() : nullptr;
}

CallRecord stream(const std::string& call_sid, const std::string& stream_sid, int64_t started) {
  CallRecord r = sample("x", started, "caller_hangup");
  r.id = r.call_sid = call_sid;
  r.stream_sid = stream_sid;
  r.turns = {{"caller", "from " + stream_sid, false, 10}};
  return r;
}

TEST(SqliteStreams, SecondStreamForACallIdKeepsBothRecords) {
  auto s = open_or_fail(":memory:");
  std::string error;
  ASSERT_TRUE(s->save(stream("CA1", "MZ1", 1000), error)) << error;
  ASSERT_TRUE(s->save(stream("CA1", "MZ2", 2000), error)) << error;
  auto all = s->list({});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].stream_sid, "MZ2");
  EXPECT_EQ(all[1].stream_sid, "MZ1");
  // By call id: the newest stream; by key: exactly that one.
  auto latest = s->get("CA1");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->stream_sid, "MZ2");
  ASSERT_EQ(latest->turns.size(), 1u);
  EXPECT_EQ(latest->turns[0].text, "from MZ2");
  auto first = s->get(all[1].key);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->stream_sid, "MZ1");
  ASSERT_EQ(first->turns.size(), 1u);
  EXPECT_EQ(first->turns[0].text, "from MZ1");
}

TEST(SqliteStreams, SameIdsTwiceWithTheirOwnKeysKeepsBoth) {
  auto s = open_or_fail(":memory:");
  std::string error;
  auto a = stream("CA1", "MZ1", 1000);
  a.key = "k1";
  auto b = stream("CA1", "MZ1", 1000);
  b.key = "k2";
  b.end_reason = "agent_end";
  ASSERT_TRUE(s->save(a, error)) << error;
  ASSERT_TRUE(s->save(b, error)) << error;
  EXPECT_EQ(s->list({}).size(), 2u);
  EXPECT_EQ(s->get("k1")->end_reason, "caller_hangup");
  EXPECT_EQ(s->get("k2")->end_reason, "agent_end");
}

TEST(SqliteStreams, AKeyOfAnotherStreamIsNeverReplaced) {
  auto s = open_or_fail(":memory:");
  std::string error;
  auto a = stream("CA1", "MZ1", 1000);
  a.key = "k";
  ASSERT_TRUE(s->save(a, error)) << error;
  auto b = stream("CA1", "MZ2", 2000);
  b.key = "k";
  EXPECT_EQ(s->put(b, error), SaveOutcome::kFailed);
  EXPECT_NE(error.find("another call or stream"), std::string::npos) << error;
  auto kept = s->get("k");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->stream_sid, "MZ1");
  EXPECT_EQ(kept->turns.at(0).text, "from MZ1");
  // The store still works after the refused put.
  ASSERT_TRUE(s->save(stream("CA2", "MZ3", 3000), error)) << error;
}

TEST(SqliteStreams, Version1DatabaseIsMigratedAndReadable) {
  test::TempDir dir;
  const auto path = dir.file("v1.db");
  {
    test::RawDb raw(path);
    ASSERT_EQ(raw.exec(std::string("BEGIN;") + sqlite_schema::kMigrations[0] +
                       "INSERT INTO calls VALUES ('CA1','CA1','MZ1',1000,2000,'caller_hangup',"
                       "420.5,NULL,NULL,'');"
                       "INSERT INTO turns VALUES ('CA1',0,'caller','hello',0,10);"
                       "INSERT INTO events VALUES ('CA1',0,3000,'barge_in','resp_1',0.8);"
                       "PRAGMA user_version=1; COMMIT;"),
              SQLITE_OK)
        << raw.error();
  }
  auto s = open_or_fail(path);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), 3);
  auto r = s->get("CA1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->key, "CA1/MZ1");
  EXPECT_EQ(r->carrier, "");  // unknown for a record written before it was kept
  EXPECT_EQ(r->caller, "");
  EXPECT_EQ(r->end_reason, "caller_hangup");
  ASSERT_EQ(r->turns.size(), 1u);
  EXPECT_EQ(r->turns[0].text, "hello");
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_EQ(r->events[0].kind, "barge_in");
  // A new stream for the migrated call id is a second record.
  std::string error;
  ASSERT_TRUE(s->save(stream("CA1", "MZ2", 5000), error)) << error;
  EXPECT_EQ(s->list({}).size(), 2u);
}

TEST(SqliteStreams, Version2RowsReadWithNoCarrierOrCallerAndNewOnesKeepThem) {
  test::TempDir dir;
  const auto path = dir.file("v2.db");
  {
    test::RawDb raw(path);
    ASSERT_EQ(raw.exec(std::string("BEGIN;") + sqlite_schema::kMigrations[0] +
                       sqlite_schema::kMigrations[1] +
                       "INSERT INTO calls VALUES ('CA1/MZ1','CA1','CA1','MZ1',1000,2000,"
                       "'caller_hangup',420.5,NULL,NULL,'');"
                       "PRAGMA user_version=2; COMMIT;"),
              SQLITE_OK)
        << raw.error();
  }
  auto s = open_or_fail(path);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), 3);
  auto old = s->get("CA1");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->end_reason, "caller_hangup");
  EXPECT_EQ(old->carrier, "");
  EXPECT_EQ(old->caller, "");
  std::string error;
  auto fresh = stream("CA2", "MZ2", 3000);
  fresh.carrier = "telnyx";
  fresh.caller = "+4930123";
  ASSERT_TRUE(s->save(fresh, error)) << error;
  auto back = s->get("CA2");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->carrier, "telnyx");
  EXPECT_EQ(back->caller, "+4930123");
}

TEST(SqliteStreams, DatabaseVoxgateCreatesIsPrivate) {
  test::TempDir dir;
  const auto path = dir.file("calls.db");
  auto s = open_or_fail(path);
  std::string error;
  ASSERT_TRUE(s->save(stream("CA1", "MZ1", 1000), error)) << error;
  for (const auto& p : {path, path + "-wal"}) {
    struct stat st {};
    ASSERT_EQ(::stat(p.c_str(), &st), 0) << p;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << p;
  }
}

TEST(SqliteStreams, AnExistingDatabaseKeepsItsMode) {
  test::TempDir dir;
  const auto path = dir.file("calls.db");
  { test::RawDb raw(path); }
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  ASSERT_TRUE(open_or_fail(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

}  // namespace
}  // namespace voxgate::store
