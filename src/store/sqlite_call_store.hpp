#pragma once
// CallStore on SQLite: one file, schema versioned with PRAGMA user_version
// and applied by ordered migrations at open (sqlite_schema.hpp). One
// connection guarded by a mutex (writes come from one RecordWriter thread;
// reads from the API). A file voxgate creates is made 0600: records hold
// transcripts.

#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "store/call_store.hpp"

struct sqlite3;

namespace voxgate::store {

struct SqliteOptions {
  // How long SQLite itself waits for another connection's lock before a
  // statement fails with SQLITE_BUSY (the RecordWriter then retries).
  int busy_timeout_ms = 2000;
  // Write-ahead log. False keeps the rollback journal, where a reader can
  // make COMMIT fail with SQLITE_BUSY (tests use that).
  bool wal = true;
};

class SqliteCallStore final : public CallStore {
 public:
  // Opens (creating if needed) and migrates. ":memory:" works for tests.
  static common::Result<std::unique_ptr<SqliteCallStore>, std::string> open(
      const std::string& path, const SqliteOptions& options = {});
  ~SqliteCallStore() override;

  SaveOutcome put(const CallRecord& record, std::string& error) override;
  std::optional<CallRecord> get(const std::string& id) override;
  std::vector<CallRecord> list(const ListQuery& query) override;

  int schema_version();
  // The key a record is stored under: its own, else "<id>/<stream_sid>".
  static std::string key_of(const CallRecord& record);

 private:
  explicit SqliteCallStore(sqlite3* db) : db_(db) {}
  bool migrate(std::string& error);
  bool exec(const char* sql, std::string& error);
  int write(const CallRecord& record, const std::string& key, std::string& error);
  int write_children(const CallRecord& record, const std::string& key);

  std::mutex mu_;
  sqlite3* db_;
};

}  // namespace voxgate::store
