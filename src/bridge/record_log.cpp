#include "bridge/record_log.hpp"

#include "obs/log.hpp"

namespace voxgate::bridge {
namespace {

obs::LogContext context_of(const store::CallRecord& r) {
  return {r.call_sid.empty() ? r.id : r.call_sid, r.stream_sid};
}

}  // namespace

void RecordLog::on_dropped(const store::CallRecord& r, std::string_view reason) {
  (reason == "stopped" ? metrics_.records_dropped_stopped : metrics_.records_dropped_queue_full)
      .inc();
  obs::call_log(spdlog::level::warn, context_of(r), "call record {} dropped, not saved: {}", r.id,
                reason);
}

void RecordLog::on_retry(const store::CallRecord& r, int attempt, const std::string& error) {
  metrics_.record_write_retries.inc();
  obs::call_log(spdlog::level::info, context_of(r), "call record {} save attempt {} failed: {}",
                r.id, attempt, error);
}

void RecordLog::on_failed(const store::CallRecord& r, int attempts, const std::string& error) {
  metrics_.record_write_failures.inc();
  obs::call_log(spdlog::level::err, context_of(r), "call record {} not saved after {} attempts: {}",
                r.id, attempts, error);
}

void RecordLog::on_spooled(const store::CallRecord& r, const std::string& error) {
  metrics_.records_spooled.inc();
  obs::call_log(spdlog::level::warn, context_of(r),
                "call record {} kept in the spool until the store takes it: {}", r.id, error);
}

void RecordLog::on_rejected(const store::CallRecord* r, const std::string& error) {
  metrics_.record_write_failures.inc();
  if (!r) {
    spdlog::error("an unreadable line of the record spool was not saved: {}", error);
    return;
  }
  obs::call_log(spdlog::level::err, context_of(*r), "spooled call record {} not saved: {}", r->id,
                error);
}

void RecordLog::on_replayed(size_t saved, size_t waiting) {
  metrics_.records_replayed.inc(saved);
  spdlog::info("{} spooled call record(s) saved to the store; {} still in the spool", saved,
               waiting);
}

}  // namespace voxgate::bridge
