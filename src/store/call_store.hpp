#pragma once
// The call-record store interface. SQLite is the embedded default
// (sqlite_call_store.hpp); PostgreSQL sits behind the same interface for
// more than one machine. Implementations are thread-safe; they block, so the
// server calls them from the RecordWriter's thread or the API, never from a
// call's strand.

#include <optional>
#include <string>
#include <vector>

#include "store/call_record.hpp"

namespace voxgate::store {

class CallStore {
 public:
  virtual ~CallStore() = default;
  // Inserts or replaces the whole record (turns and events included).
  // Returns false and sets `error` on failure.
  virtual bool save(const CallRecord& record, std::string& error) = 0;
  virtual std::optional<CallRecord> get(const std::string& id) = 0;
  // Newest first; turns and events are left empty.
  virtual std::vector<CallRecord> list(const ListQuery& query) = 0;
};

}  // namespace voxgate::store
