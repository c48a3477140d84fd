#include "obs/call_metrics.hpp"

namespace voxgate::obs {
namespace {
constexpr const char* kDropped = "voxgate_frames_dropped_total";
constexpr const char* kDroppedHelp = "Audio frames not forwarded, by reason";
}  // namespace

CallMetrics::CallMetrics(MetricsRegistry& r)
    : active_calls(r.gauge("voxgate_active_calls", "Calls in progress")),
      frames_in(r.counter("voxgate_frames_in_total", "Caller media frames received")),
      frames_out(r.counter("voxgate_frames_out_total", "AI audio chunks forwarded to callers")),
      dropped_cancelled(r.counter(kDropped, kDroppedHelp, label("reason", "cancelled"))),
      dropped_late(r.counter(kDropped, kDroppedHelp, label("reason", "late"))),
      dropped_overflow(r.counter(kDropped, kDroppedHelp, label("reason", "overflow"))),
      dropped_send_queue(r.counter(kDropped, kDroppedHelp, label("reason", "send_queue"))),
      barge_ins(r.counter("voxgate_barge_ins_total", "Caller barge-ins on AI audio")),
      reconnects(r.counter("voxgate_ai_reconnects_total", "AI-leg reconnect attempts")),
      fallbacks(r.counter("voxgate_fallbacks_total", "Calls ended with the fallback message")),
      bad_caller_messages(r.counter("voxgate_bad_messages_total", "Rejected messages by leg",
                                    label("leg", "caller"))),
      bad_ai_messages(
          r.counter("voxgate_bad_messages_total", "Rejected messages by leg", label("leg", "ai"))),
      barge_in_latency(r.histogram("voxgate_barge_in_latency_seconds",
                                   "Speech started on the AI leg to clear written to the caller")),
      turn_latency(r.histogram("voxgate_turn_latency_seconds",
                               "Caller speech stopped to first AI audio forwarded")),
      first_audio(
          r.histogram("voxgate_first_audio_seconds", "Call start to first AI audio forwarded")),
      ai_connect(r.histogram("voxgate_ai_connect_seconds", "AI-leg connect and handshake time")),
      r_(r) {}

void CallMetrics::call_ended(const std::string& reason) {
  r_.counter("voxgate_calls_total", "Calls ended, by end reason", label("reason", reason)).inc();
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
