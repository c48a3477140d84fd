#include "obs/call_metrics.hpp"

namespace voxgate::obs {
namespace {
constexpr const char* kDropped = "voxgate_frames_dropped_total";
constexpr const char* kDroppedHelp = "Audio frames not forwarded, by reason";
constexpr const char* kRecordsDropped = "voxgate_records_dropped_total";
constexpr const char* kRecordsDroppedHelp = "Call records not queued for saving, by reason";
}  // namespace

CallMetrics::CallMetrics(MetricsRegistry& r)
    : active_calls(r.gauge("voxgate_active_calls", "Calls in progress")),
      calls_started(r.counter("voxgate_calls_started_total", "Calls admitted")),
      frames_in(r.counter("voxgate_frames_in_total", "Caller media frames received")),
      frames_out(r.counter("voxgate_frames_out_total", "AI audio chunks forwarded to callers")),
      dropped_cancelled(r.counter(kDropped, kDroppedHelp, label("reason", "cancelled"))),
      dropped_late(r.counter(kDropped, kDroppedHelp, label("reason", "late"))),
      dropped_overflow(r.counter(kDropped, kDroppedHelp, label("reason", "overflow"))),
      dropped_send_queue(r.counter(kDropped, kDroppedHelp, label("reason", "send_queue"))),
      dropped_playout(r.counter(kDropped, kDroppedHelp, label("reason", "playout_ahead"))),
      barge_ins(r.counter("voxgate_barge_ins_total", "Caller barge-ins on AI audio")),
      reconnects(r.counter("voxgate_ai_reconnects_total", "AI-leg reconnect attempts")),
      fallbacks(r.counter("voxgate_fallbacks_total", "Calls ended with the fallback message")),
      bad_caller_messages(r.counter("voxgate_bad_messages_total", "Rejected messages by leg",
                                    label("leg", "caller"))),
      bad_ai_messages(
          r.counter("voxgate_bad_messages_total", "Rejected messages by leg", label("leg", "ai"))),
      barge_in_latency(r.histogram("voxgate_barge_in_latency_seconds",
                                   "Speech started on the AI leg to clear written to the caller")),
      barge_in_model_managed(r.histogram(
          "voxgate_barge_in_model_managed_seconds",
          "Model-managed calls: caller speech onset (voxgate's VAD) to AI output quiet")),
      playout_ahead(r.histogram(
          "voxgate_playout_ahead_seconds",
          "Model-managed calls: carrier playout ahead of real time when an AI chunk is sent")),
      turn_latency(r.histogram("voxgate_turn_latency_seconds",
                               "Caller speech stopped to first AI audio forwarded")),
      first_audio(
          r.histogram("voxgate_first_audio_seconds", "Call start to first AI audio forwarded")),
      ai_connect(r.histogram("voxgate_ai_connect_seconds", "AI-leg connect and handshake time")),
      records_dropped_queue_full(
          r.counter(kRecordsDropped, kRecordsDroppedHelp, label("reason", "queue_full"))),
      records_dropped_stopped(
          r.counter(kRecordsDropped, kRecordsDroppedHelp, label("reason", "stopped"))),
      record_write_retries(
          r.counter("voxgate_record_write_retries_total",
                    "Call record saves tried again after a failure that may pass")),
      record_write_failures(
          r.counter("voxgate_record_write_failures_total", "Call records not saved")),
      records_spooled(r.counter("voxgate_records_spooled_total",
                                "Call records kept in the local spool: the store was away")),
      records_replayed(r.counter("voxgate_records_spool_replayed_total",
                                 "Spooled call records the store took once it was back")),
      recording_bytes_dropped(r.counter("voxgate_recording_dropped_bytes_total",
                                        "Recording audio dropped: the file writer fell behind")),
      r_(r) {}

void CallMetrics::call_ended(const std::string& reason) {
  r_.counter("voxgate_calls_total", "Calls ended, by end reason", label("reason", reason)).inc();
  std::lock_guard lock(ended_mu_);
  ++ended_[reason];
}

std::map<std::string, uint64_t> CallMetrics::ended_by_reason() const {
  std::lock_guard lock(ended_mu_);
  return ended_;
}

void CallMetrics::caller_rejected(const char* reason) {
  r_.counter("voxgate_caller_messages_rejected_total",
             "Caller messages refused though well formed, by reason", label("reason", reason))
      .inc();
}

void CallMetrics::record_entries_dropped(const char* kind) {
  r_.counter("voxgate_record_entries_dropped_total",
             "Call-record entries not kept because the call's cap was reached, by kind",
             label("kind", kind))
      .inc();
}

void CallMetrics::ai_error(const std::string& code) {
  std::string value = code;
  {
    std::lock_guard lock(ai_codes_mu_);
    if (!ai_codes_.count(code)) {
      if (ai_codes_.size() < kMaxAiErrorCodes) {
        ai_codes_.insert(code);
      } else {
        value = "other";
      }
    }
  }
  r_.counter("voxgate_ai_errors_total", "AI-leg errors, by code", label("code", value)).inc();
}

void CallMetrics::tool_call(const std::string& tool, const std::string& outcome) {
  r_.counter("voxgate_tool_calls_total", "Tool calls by the AI, by tool and outcome",
             label("tool", tool) + "," + label("outcome", outcome))
      .inc();
}

}  // namespace voxgate::obs
