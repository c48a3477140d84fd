#pragma once
// CallStore on SQLite: one file, schema versioned with PRAGMA user_version
// and applied by ordered migrations at open. One connection guarded by a
// mutex (writes come from one RecordWriter thread; reads from the API).

#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "store/call_store.hpp"

struct sqlite3;

namespace voxgate::store {

class SqliteCallStore final : public CallStore {
 public:
  // Opens (creating if needed) and migrates. ":memory:" works for tests.
  static common::Result<std::unique_ptr<SqliteCallStore>, std::string> open(
      const std::string& path);
  ~SqliteCallStore() override;

  bool save(const CallRecord& record, std::string& error) override;
  std::optional<CallRecord> get(const std::string& id) override;
  std::vector<CallRecord> list(const ListQuery& query) override;

  int schema_version();

 private:
  explicit SqliteCallStore(sqlite3* db) : db_(db) {}
  bool migrate(std::string& error);
  bool exec(const char* sql, std::string& error);

  std::mutex mu_;
  sqlite3* db_;
};

}  // namespace voxgate::store
