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

// How a put() went: kRetry for failures that may pass on their own (the
// database is locked or busy, the disk is full, an I/O error), kFailed for
// those that will not (a constraint, a bad schema).
enum class SaveOutcome { kSaved, kRetry, kFailed };

class CallStore {
 public:
  virtual ~CallStore() = default;
  // Inserts the record, or updates it when a record with the same key (the
  // same stream) exists; never replaces another stream's record. Sets `error`
  // unless saved. All or nothing: a failed put leaves the store as it was and
  // ready for the next one.
  virtual SaveOutcome put(const CallRecord& record, std::string& error) = 0;
  // The newest record whose key or call id is `id` (a call id can have more
  // than one record: one per stream).
  virtual std::optional<CallRecord> get(const std::string& id) = 0;
  // Newest first; turns and events are left empty.
  virtual std::vector<CallRecord> list(const ListQuery& query) = 0;
  // Saves records kept back while the store could not take them (a spool in
  // front of PostgreSQL); the number saved. Called by the record writer when
  // it is idle, so kept records reach the store once it is back even if no
  // call ends meanwhile. Nothing kept back: returns 0 at once.
  virtual size_t retry_waiting() { return 0; }

  // put() for callers that only need to know whether it was saved.
  bool save(const CallRecord& record, std::string& error) {
    return put(record, error) == SaveOutcome::kSaved;
  }
};

}  // namespace voxgate::store
