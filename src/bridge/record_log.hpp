#pragma once
// RecordLog: what the RecordWriter and the record spool report, logged with
// the call's ids and counted in CallMetrics (BEHAVIOUR 6: a record is never
// lost silently).
// Owned by the app next to the RecordWriter, which it outlives. Thread-safe
// (spdlog and the counters are): on_dropped runs on a call's I/O thread,
// the rest on the writer thread.

#include "obs/call_metrics.hpp"
#include "store/record_spool.hpp"
#include "store/record_writer.hpp"

namespace voxgate::bridge {

class RecordLog final : public store::RecordWriter::Listener, public store::RecordSpool::Listener {
 public:
  explicit RecordLog(obs::CallMetrics& metrics) : metrics_(metrics) {}

  void on_dropped(const store::CallRecord& record, std::string_view reason) override;
  void on_retry(const store::CallRecord& record, int attempt, const std::string& error) override;
  void on_failed(const store::CallRecord& record, int attempts, const std::string& error) override;
  // PostgreSQL is unreachable: the record waits in the spool.
  void on_spooled(const store::CallRecord& record, const std::string& error) override;
  // A spooled record the store refused for good on replay, or an unreadable
  // line: counted as a failure.
  void on_rejected(const store::CallRecord* record, const std::string& error) override;
  // The store is back: spooled records reached it.
  void on_replayed(size_t saved, size_t waiting) override;

 private:
  obs::CallMetrics& metrics_;
};

}  // namespace voxgate::bridge
