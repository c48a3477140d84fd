#pragma once
// Helpers for store tests: sample records, a private temp directory, and a
// second raw SQLite connection to hold locks the way another process would.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/call_record.hpp"

namespace voxgate::store::test {

inline CallRecord sample(const std::string& id, int64_t started, const std::string& reason) {
  CallRecord r;
  r.id = id;
  r.call_sid = "CA" + id;
  r.stream_sid = "MZ" + id;
  r.carrier = "twilio";
  r.caller = "+1555010" + id;
  r.started_at_ms = started;
  r.ended_at_ms = started + 5000;
  r.end_reason = reason;
  r.first_audio_ms = 420.5;
  r.turns = {{"agent", "Hello, how can I help?", false, 100},
             {"caller", "I'd like to book", false, 2000},
             {"agent", "Sure, which", true, 3000}};
  r.events = {{3000, "barge_in", "resp_2", 0.8}, {3001, "cancel", "resp_2", std::nullopt}};
  return r;
}

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("voxgate_" + std::string(info->test_suite_name()) + "_" + info->name() + "_" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Another connection to the same file (as another process would have).
class RawDb {
 public:
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  int exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }
  const char* error() { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace voxgate::store::test
