// BEHAVIOUR 6: a failed write leaves the store ready for the next one, and
// says whether it may pass on a retry.
#include <gtest/gtest.h>

#include "store/sqlite_call_store.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

using test::sample;

// The rollback journal with no busy wait: a reader holding its shared lock
// makes COMMIT fail at once with SQLITE_BUSY, leaving the transaction open.
std::unique_ptr<SqliteCallStore> journal_store(const std::string& path) {
  auto s = SqliteCallStore::open(path, {.busy_timeout_ms = 0, .wal = false});
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error());
  return std::move(s).value();
}

TEST(SqliteFailure, FailedCommitIsRolledBackAndLaterWritesWork) {
  test::TempDir dir;
  const auto path = dir.file("calls.db");
  auto s = journal_store(path);
  test::RawDb reader(path);
  ASSERT_EQ(reader.exec("BEGIN; SELECT count(*) FROM calls;"), SQLITE_OK) << reader.error();
  std::string error;
  EXPECT_EQ(s->put(sample("a", 1, "x"), error), SaveOutcome::kRetry);
  EXPECT_NE(error.find("COMMIT"), std::string::npos) << error;
  ASSERT_EQ(reader.exec("COMMIT;"), SQLITE_OK);
  EXPECT_FALSE(s->get("a"));  // rolled back, not half-saved
  error.clear();
  EXPECT_EQ(s->put(sample("b", 2, "x"), error), SaveOutcome::kSaved) << error;
  EXPECT_EQ(s->put(sample("a", 1, "x"), error), SaveOutcome::kSaved) << error;
  EXPECT_TRUE(s->get("a"));
  EXPECT_TRUE(s->get("b"));
}

TEST(SqliteFailure, LockedDatabaseMayPassAndLeavesNoTransaction) {
  test::TempDir dir;
  const auto path = dir.file("calls.db");
  auto opened = SqliteCallStore::open(path, {.busy_timeout_ms = 0});
  ASSERT_TRUE(opened.ok());
  auto& s = *opened;
  test::RawDb other(path);
  ASSERT_EQ(other.exec("BEGIN EXCLUSIVE;"), SQLITE_OK) << other.error();
  std::string error;
  EXPECT_EQ(s->put(sample("a", 1, "x"), error), SaveOutcome::kRetry);
  EXPECT_FALSE(error.empty());
  ASSERT_EQ(other.exec("COMMIT;"), SQLITE_OK);
  EXPECT_EQ(s->put(sample("a", 1, "x"), error), SaveOutcome::kSaved) << error;
}

TEST(SqliteFailure, ReSavingTheSameStreamUpdatesIt) {
  auto opened = SqliteCallStore::open(":memory:");
  ASSERT_TRUE(opened.ok());
  auto& s = *opened;
  std::string error;
  auto r = sample("a", 1, "");
  ASSERT_EQ(s->put(r, error), SaveOutcome::kSaved);
  r.end_reason = "caller_hangup";
  r.turns.resize(1);
  ASSERT_EQ(s->put(r, error), SaveOutcome::kSaved);
  EXPECT_EQ(s->list({}).size(), 1u);
  EXPECT_EQ(s->get("a")->end_reason, "caller_hangup");
  EXPECT_EQ(s->get("a")->turns.size(), 1u);
}

}  // namespace
}  // namespace voxgate::store
