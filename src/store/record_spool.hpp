#pragma once
// RecordSpool: a CallStore in front of another (PostgreSQL) that keeps
// records on local disk while the other cannot take them (BEHAVIOUR 6: a
// record is never lost silently). A put the inner store answers with kRetry
// is appended to the spool file, flushed to disk (fdatasync), and reported
// saved; so is every put while older records wait in the spool, so records
// reach the inner store in the order they were put. Each put first replays
// the spool into the inner store, oldest first, as does drain().
//
// The file: one record per line, as JSON (record_json.hpp), mode 0600
// (records hold transcripts). A replayed record leaves the file only after
// the inner store saved it: the rest of the file is copied to a temporary
// file that is renamed over it. A crash before that rename replays those
// records again, which duplicates nothing: the inner put is an upsert on the
// record key. A line the inner store refuses for good (kFailed), or that does
// not read back as a record (a tail torn by a crash mid-append), moves to
// "<spool>.rejected" and is reported to the Listener.
//
// get() and list() read the inner store only: a spooled record shows there
// once it is replayed. Thread-safe: puts and drains are serialised under one
// mutex; reads go straight to the inner store, itself thread-safe.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "store/call_store.hpp"

namespace voxgate::store {

class RecordSpool final : public CallStore {
 public:
  // Called under the spool's mutex, on the thread of the put or drain.
  class Listener {
   public:
    virtual ~Listener() = default;
    // `record` went to the spool because the inner store said: `error`.
    virtual void on_spooled(const CallRecord& record, const std::string& error) = 0;
    // A spooled line was moved to the rejected file; `record` is null when
    // the line is not a record.
    virtual void on_rejected(const CallRecord* record, const std::string& error) = 0;
    // `saved` spooled records reached the inner store; `waiting` are left.
    virtual void on_replayed(size_t saved, size_t waiting) = 0;
  };

  // Opens (creating, 0600) the spool file at `path` and counts the records
  // waiting in it. `listener`, when given, outlives the spool.
  static common::Result<std::unique_ptr<RecordSpool>, std::string> open(
      std::unique_ptr<CallStore> inner, std::string path, Listener* listener = nullptr);
  ~RecordSpool() override;

  // kSaved once the record is in the inner store or flushed to the spool;
  // kRetry only when the spool itself cannot be written (the disk is full);
  // kFailed as the inner store says.
  SaveOutcome put(const CallRecord& record, std::string& error) override;
  std::optional<CallRecord> get(const std::string& id) override;
  std::vector<CallRecord> list(const ListQuery& query) override;
  size_t retry_waiting() override { return drain(); }

  // Replays the spool into the inner store until it is empty or the inner
  // store asks to retry; the number of records saved.
  size_t drain();

  uint64_t spooled() const;   // records written to the spool
  uint64_t replayed() const;  // spooled records the inner store then saved
  uint64_t rejected() const;  // lines moved to the rejected file
  size_t spool_size() const;  // records waiting in the spool
  const std::string& path() const { return path_; }

 private:
  RecordSpool(std::unique_ptr<CallStore> inner, std::string path, Listener* listener)
      : inner_(std::move(inner)), path_(std::move(path)), listener_(listener) {}
  bool open_file(std::string& error);
  bool append(const std::string& line, std::string& error);
  size_t drain_locked(std::string& stopped_by);
  bool replay(const std::string& line, size_t& saved, std::string& stopped_by);
  bool reject(const std::string& line, const CallRecord* record, const std::string& error,
              std::string& stopped_by);
  bool keep_from(std::istream& rest, const std::string& first, std::string& error);

  // passed in
  const std::unique_ptr<CallStore> inner_;
  const std::string path_;
  Listener* const listener_;
  // state, under mu_
  mutable std::mutex mu_;
  int fd_ = -1;  // the spool, opened for appending
  size_t pending_ = 0;
  uint64_t spooled_ = 0, replayed_ = 0, rejected_ = 0;
};

}  // namespace voxgate::store
