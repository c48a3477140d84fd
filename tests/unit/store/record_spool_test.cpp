#include "store/record_spool.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include "store/record_json.hpp"
#include "store/sqlite_call_store.hpp"
#include "store_test_util.hpp"

namespace voxgate::store {
namespace {

using test::sample;

// What the fake inner store does and saw; outlives the spools of a test
// (one per simulated process). While `down`, every put is kRetry, and so
// is every put once `saves_left` (when not negative) reaches 0; ids in
// `refused` are kFailed. Saved puts are listed in order and kept in a real
// SQLite store, where a replay's idempotence can be counted.
struct Backend {
  bool down = false;
  int saves_left = -1;
  std::set<std::string> refused;
  std::vector<std::string> saved;  // "id:end_reason", in the order saved
  int calls = 0;
  std::unique_ptr<SqliteCallStore> sqlite = std::move(SqliteCallStore::open(":memory:")).value();
  size_t rows() { return sqlite->list({0, 0, "", 1000, 0, "", ""}).size(); }
};

class FlakyStore final : public CallStore {
 public:
  explicit FlakyStore(Backend& b) : b_(b) {}
  SaveOutcome put(const CallRecord& r, std::string& error) override {
    ++b_.calls;
    if (b_.down || b_.saves_left == 0) {
      error = "connection refused";
      return SaveOutcome::kRetry;
    }
    if (b_.refused.count(r.id)) {
      error = "constraint";
      return SaveOutcome::kFailed;
    }
    if (b_.saves_left > 0) --b_.saves_left;
    b_.saved.push_back(r.id + ":" + r.end_reason);
    return b_.sqlite->put(r, error);
  }
  std::optional<CallRecord> get(const std::string& id) override { return b_.sqlite->get(id); }
  std::vector<CallRecord> list(const ListQuery& q) override { return b_.sqlite->list(q); }

 private:
  Backend& b_;
};

class Recorder final : public RecordSpool::Listener {
 public:
  void on_spooled(const CallRecord& r, const std::string& error) override {
    spooled.push_back(r.id + ": " + error);
  }
  void on_rejected(const CallRecord* r, const std::string& error) override {
    rejected.push_back((r ? r->id : "<unreadable>") + ": " + error);
  }
  void on_replayed(size_t saved, size_t waiting) override {
    replayed.push_back(std::to_string(saved) + " saved, " + std::to_string(waiting) + " waiting");
  }
  std::vector<std::string> spooled, rejected, replayed;
};

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class RecordSpoolTest : public ::testing::Test {
 protected:
  void open() {
    spool_.reset();
    auto s = RecordSpool::open(std::make_unique<FlakyStore>(b_), path_, &recorder_);
    ASSERT_TRUE(s.ok()) << s.error();
    spool_ = std::move(s).value();
  }
  SaveOutcome put(const std::string& id, const std::string& reason = "caller_hangup") {
    std::string error;
    const SaveOutcome o = spool_->put(sample(id, 1000 + std::stoi(id), reason), error);
    if (o == SaveOutcome::kSaved) {
      EXPECT_TRUE(error.empty()) << error;
    }
    return o;
  }
  void SetUp() override { open(); }

  test::TempDir dir_;
  const std::string path_ = dir_.file("spool.jsonl");
  Recorder recorder_;
  Backend b_;
  std::unique_ptr<RecordSpool> spool_;
};

TEST_F(RecordSpoolTest, WhileTheInnerStoreTakesRecordsNothingIsSpooled) {
  EXPECT_EQ(put("1"), SaveOutcome::kSaved);
  EXPECT_EQ(b_.saved, std::vector<std::string>{"1:caller_hangup"});
  EXPECT_EQ(spool_->spooled(), 0u);
  EXPECT_EQ(spool_->spool_size(), 0u);
  EXPECT_TRUE(lines_of(path_).empty());
}

TEST_F(RecordSpoolTest, ARecordTheInnerStoreCannotTakeIsSpooledAndReportedSaved) {
  b_.down = true;
  EXPECT_EQ(put("1"), SaveOutcome::kSaved);
  EXPECT_EQ(spool_->spooled(), 1u);
  EXPECT_EQ(spool_->spool_size(), 1u);
  const auto lines = lines_of(path_);
  ASSERT_EQ(lines.size(), 1u);
  auto back = record_from_json(lines[0]);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->turns.size(), 3u);
  EXPECT_EQ(recorder_.spooled, std::vector<std::string>{"1: connection refused"});
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // records hold transcripts
}

TEST_F(RecordSpoolTest, TheNextPutReplaysTheSpoolFirstInOrder) {
  b_.down = true;
  put("1"), put("2"), put("3");
  EXPECT_EQ(b_.saved.size(), 0u);
  b_.down = false;
  EXPECT_EQ(put("4"), SaveOutcome::kSaved);
  EXPECT_EQ(b_.saved, (std::vector<std::string>{"1:caller_hangup", "2:caller_hangup",
                                                "3:caller_hangup", "4:caller_hangup"}));
  EXPECT_EQ(spool_->replayed(), 3u);
  EXPECT_EQ(spool_->spool_size(), 0u);
  EXPECT_TRUE(lines_of(path_).empty());
}

TEST_F(RecordSpoolTest, WhileOlderRecordsWaitANewerOneWaitsBehindThem) {
  b_.down = true;
  put("1", "first");
  const int calls = b_.calls;
  EXPECT_EQ(put("1", "second"), SaveOutcome::kSaved);
  // Only the spool's head was tried: the newer version was not put ahead of
  // the older one, which would then overwrite it on replay.
  EXPECT_EQ(b_.calls, calls + 1);
  b_.down = false;
  EXPECT_EQ(spool_->drain(), 2u);
  EXPECT_EQ(b_.saved, (std::vector<std::string>{"1:first", "1:second"}));
  EXPECT_EQ(b_.sqlite->get("1")->end_reason, "second");
}

TEST_F(RecordSpoolTest, DrainStopsWhereTheInnerStoreFailsAndKeepsTheRest) {
  b_.down = true;
  put("1"), put("2"), put("3");
  b_.down = false;
  b_.saves_left = 1;
  EXPECT_EQ(spool_->drain(), 1u);
  EXPECT_EQ(spool_->spool_size(), 2u);
  const auto lines = lines_of(path_);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(record_from_json(lines[0])->id, "2");
  EXPECT_EQ(record_from_json(lines[1])->id, "3");
  b_.saves_left = -1;
  EXPECT_EQ(spool_->drain(), 2u);
  EXPECT_EQ(b_.saved,
            (std::vector<std::string>{"1:caller_hangup", "2:caller_hangup", "3:caller_hangup"}));
}

TEST_F(RecordSpoolTest, RetryWaitingReplaysWithoutANewPutAndReportsIt) {
  b_.down = true;
  put("1"), put("2");
  EXPECT_EQ(spool_->retry_waiting(), 0u);  // still down: both wait
  EXPECT_TRUE(recorder_.replayed.empty());
  b_.down = false;
  EXPECT_EQ(spool_->retry_waiting(), 2u);
  EXPECT_EQ(b_.saved, (std::vector<std::string>{"1:caller_hangup", "2:caller_hangup"}));
  EXPECT_EQ(recorder_.replayed, std::vector<std::string>{"2 saved, 0 waiting"});
  EXPECT_EQ(spool_->retry_waiting(), 0u);  // nothing left: nothing reported
  EXPECT_EQ(recorder_.replayed.size(), 1u);
}

TEST_F(RecordSpoolTest, ASpoolSurvivesARestartAndIsReplayedAfterIt) {
  b_.down = true;
  put("1"), put("2");
  open();  // a new process: the spool file is all that is left
  EXPECT_EQ(spool_->spool_size(), 2u);
  b_.down = false;
  EXPECT_EQ(spool_->drain(), 2u);
  EXPECT_EQ(b_.rows(), 2u);
}

// A crash after the inner store saved replayed records but before the spool
// was rewritten: the old spool file comes back whole and is replayed again.
TEST_F(RecordSpoolTest, AReplayAfterACrashDuplicatesNothing) {
  b_.down = true;
  put("1"), put("2");
  const std::string before = [&] {
    std::ifstream in(path_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  b_.down = false;
  EXPECT_EQ(spool_->drain(), 2u);
  spool_.reset();
  std::ofstream(path_, std::ios::trunc) << before;
  open();
  EXPECT_EQ(spool_->spool_size(), 2u);
  EXPECT_EQ(spool_->drain(), 2u);
  EXPECT_EQ(b_.rows(), 2u);
  auto r = b_.sqlite->get("1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->turns.size(), 3u);
  EXPECT_EQ(r->events.size(), 2u);
}

TEST_F(RecordSpoolTest, ARecordRefusedForGoodOnReplayMovesToTheRejectedFile) {
  b_.down = true;
  put("1"), put("2"), put("3");
  b_.down = false;
  b_.refused = {"2"};
  EXPECT_EQ(spool_->drain(), 2u);
  EXPECT_EQ(spool_->rejected(), 1u);
  EXPECT_EQ(spool_->spool_size(), 0u);
  const auto rejected = lines_of(path_ + ".rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(record_from_json(rejected[0])->id, "2");
  ASSERT_EQ(recorder_.rejected.size(), 1u);
  EXPECT_EQ(recorder_.rejected[0].rfind("2: constraint (kept in ", 0), 0u) << recorder_.rejected[0];
}

TEST_F(RecordSpoolTest, APutTheInnerStoreRefusesForGoodIsNotSpooled) {
  b_.refused = {"1"};
  std::string error;
  EXPECT_EQ(spool_->put(sample("1", 1, ""), error), SaveOutcome::kFailed);
  EXPECT_EQ(error, "constraint");
  EXPECT_EQ(spool_->spooled(), 0u);
}

// An append cut short by a crash leaves a line with no newline: it is ended
// at open, so the next record starts its own line, and rejected at replay.
TEST_F(RecordSpoolTest, ATornLastLineIsRejectedAndGluesOntoNothing) {
  b_.down = true;
  put("1");
  spool_.reset();
  std::ofstream(path_, std::ios::app) << R"({"key":"2/MZ2","id":"2","sta)";
  open();
  EXPECT_EQ(spool_->spool_size(), 2u);
  b_.down = true;
  put("3");
  b_.down = false;
  EXPECT_EQ(spool_->drain(), 2u);
  EXPECT_EQ(b_.saved, (std::vector<std::string>{"1:caller_hangup", "3:caller_hangup"}));
  EXPECT_EQ(spool_->rejected(), 1u);
  EXPECT_EQ(lines_of(path_ + ".rejected"),
            std::vector<std::string>{R"({"key":"2/MZ2","id":"2","sta)"});
  ASSERT_EQ(recorder_.rejected.size(), 1u);
  EXPECT_EQ(recorder_.rejected[0].rfind("<unreadable>: not JSON", 0), 0u) << recorder_.rejected[0];
}

TEST(RecordSpool, AnUnopenableSpoolIsAClearError) {
  Backend b;
  auto s = RecordSpool::open(std::make_unique<FlakyStore>(b), "/nonexistent-dir/spool.jsonl");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("cannot open the record spool '/nonexistent-dir/spool.jsonl'"),
            std::string::npos)
      << s.error();
}

}  // namespace
}  // namespace voxgate::store
