#include "store/sqlite_call_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "list_filter_cases.hpp"
#include "store/record_writer.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

using test::sample;

std::unique_ptr<SqliteCallStore> memory_store() {
  auto s = SqliteCallStore::open(":memory:");
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

TEST(SqliteCallStore, MigratesToCurrentVersion) {
  auto s = memory_store();
  EXPECT_EQ(s->schema_version(), 3);
}

TEST(SqliteCallStore, SavesAndReadsBackEverything) {
  auto s = memory_store();
  std::string error;
  ASSERT_TRUE(s->save(sample("1", 1000, "caller_hangup"), error)) << error;
  auto r = s->get("1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->call_sid, "CA1");
  EXPECT_EQ(r->carrier, "twilio");
  EXPECT_EQ(r->caller, "+15550101");
  EXPECT_EQ(r->end_reason, "caller_hangup");
  ASSERT_TRUE(r->first_audio_ms);
  EXPECT_DOUBLE_EQ(*r->first_audio_ms, 420.5);
  EXPECT_FALSE(r->turn_latency_ms);
  ASSERT_EQ(r->turns.size(), 3u);
  EXPECT_TRUE(r->turns[2].interrupted);
  EXPECT_EQ(r->turns[2].text, "Sure, which");
  ASSERT_EQ(r->events.size(), 2u);
  EXPECT_EQ(r->events[0].kind, "barge_in");
  EXPECT_FALSE(r->events[1].latency_ms);
  EXPECT_FALSE(s->get("missing"));
}

TEST(SqliteCallStore, SaveReplacesTurnsAndEvents) {
  auto s = memory_store();
  std::string error;
  auto rec = sample("1", 1000, "");
  ASSERT_TRUE(s->save(rec, error));
  rec.turns.resize(1);
  rec.end_reason = "agent_hangup";
  ASSERT_TRUE(s->save(rec, error));
  auto r = s->get("1");
  EXPECT_EQ(r->turns.size(), 1u);
  EXPECT_EQ(r->end_reason, "agent_hangup");
}

TEST(SqliteCallStore, ListsByCarrierAndByTextInTranscripts) {
  auto s = memory_store();
  test::check_list_filters(*s);
}

TEST(SqliteCallStore, ListsNewestFirstWithFiltersAndPaging) {
  auto s = memory_store();
  std::string error;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(s->save(sample(std::to_string(i), 1000 * i, i % 2 ? "ai_failure" : "caller_hangup"),
                        error));
  }
  auto all = s->list({});
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].id, "4");
  EXPECT_TRUE(all[0].turns.empty());
  ListQuery q;
  q.end_reason = "ai_failure";
  EXPECT_EQ(s->list(q).size(), 2u);
  q = {};
  q.since_ms = 2000;
  q.until_ms = 4000;
  EXPECT_EQ(s->list(q).size(), 2u);
  q = {};
  q.limit = 2;
  q.offset = 2;
  auto page = s->list(q);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, "2");
}

TEST(SqliteCallStore, ReopeningAFileKeepsDataAndVersion) {
  const auto path = std::filesystem::temp_directory_path() / "voxgate_store_test.db";
  std::filesystem::remove(path);
  {
    auto s = SqliteCallStore::open(path.string());
    ASSERT_TRUE(s.ok());
    std::string error;
    ASSERT_TRUE((*s)->save(sample("x", 1, "caller_hangup"), error));
  }
  auto s = SqliteCallStore::open(path.string());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->schema_version(), 3);
  EXPECT_TRUE((*s)->get("x"));
  std::filesystem::remove(path);
}

TEST(SqliteCallStore, OpenFailureIsAnErrorNotACrash) {
  auto s = SqliteCallStore::open("/nonexistent-dir/x/y.db");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("/nonexistent-dir/x/y.db"), std::string::npos);
}

// A store whose writes fail, to show failures are counted and reported.
class FailingStore : public CallStore {
 public:
  SaveOutcome put(const CallRecord&, std::string& error) override {
    error = "constraint failed";
    return SaveOutcome::kFailed;
  }
  std::optional<CallRecord> get(const std::string&) override { return std::nullopt; }
  std::vector<CallRecord> list(const ListQuery&) override { return {}; }
};

TEST(RecordWriter, WritesOffThreadAndDrainsOnStop) {
  auto s = memory_store();
  RecordWriter w(*s);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(w.submit(sample(std::to_string(i), i, "x")));
  w.stop();
  EXPECT_EQ(w.written(), 20u);
  ListQuery q;
  q.limit = 100;
  EXPECT_EQ(s->list(q).size(), 20u);
  EXPECT_FALSE(w.submit(sample("late", 1, "x")));
  EXPECT_EQ(w.dropped(), 1u);
}

TEST(RecordWriter, FailuresAreCountedAndReported) {
  FailingStore s;
  std::string seen;
  RecordWriter w(s, 10, [&](const CallRecord&, const std::string& e) { seen = e; });
  w.submit(sample("1", 1, "x"));
  w.flush();
  EXPECT_EQ(w.failed(), 1u);
  EXPECT_EQ(seen, "constraint failed");
}

}  // namespace
}  // namespace voxgate::store
