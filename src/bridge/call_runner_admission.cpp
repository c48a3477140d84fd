// CallRunner's admission (BEHAVIOUR 0): until a media stream's start has
// passed every check in force (the per-call stream token, capacity), the
// stream is not a call: no AI leg is dialled, nothing is forwarded, no tool
// runs, no record is written. Every other message before it is a counted
// rejection, and a stream not admitted within the start deadline is closed.

#include "bridge/call_metric_export.hpp"
#include "bridge/call_runner.hpp"

namespace voxgate::bridge {

using spdlog::level::level_enum;

namespace {
constexpr uint16_t kPolicyViolation = 1008;  // RFC 6455 7.4.1
constexpr uint16_t kTryAgainLater = 1013;    // RFC 6455 7.4.1 (IANA registry)
constexpr uint16_t kUnsupportedData = 1003;  // RFC 6455 7.4.1
}  // namespace

bool CallRunner::admit(const telephony::CallerStarted& s) {
  if (!redeem_stream_token(s)) return false;
  // The call carries the dialect's own format as is (CallerLegTraits); a
  // stream in another (a carrier configured for OPUS or L16) would be noise.
  if (s.format != codec_->traits().audio) {
    log_ = {s.call_id, s.stream_id};
    refuse("unsupported_format", kUnsupportedData, "audio format not supported");
    return false;
  }
  if (ticket_ && !ticket_->admit()) {
    deps_.metrics->registry()
        .counter("voxgate_calls_refused_total", "Calls refused at capacity")
        .inc();
    log_ = {s.call_id, s.stream_id};
    refuse("capacity", kTryAgainLater, "at capacity");
    return false;
  }
  admitted_ = true;
  deps_.metrics->active_calls.add(1);
  return true;
}

// The token is ours alone: the codec lifted it out of the custom parameters,
// so it never reaches the call core, the AI leg or the call record.
bool CallRunner::redeem_stream_token(const telephony::CallerStarted& s) {
  if (!deps_.stream_tokens) return true;
  const auto redeemed = deps_.stream_tokens->redeem(s.stream_token, s.call_id);
  if (redeemed) return true;
  log_ = {s.call_id, s.stream_id};
  // Never the token itself: stream tokens are secrets.
  refuse(to_string(redeemed.error()), kPolicyViolation, "stream token rejected");
  return false;
}

// Not a call: no record, no registry entry, no end reason.
void CallRunner::refuse(std::string_view reason, uint16_t close_code, std::string_view why) {
  deps_.metrics->registry()
      .counter("voxgate_streams_refused_total", "Media streams refused before admission, by reason",
               "reason=\"" + std::string(reason) + "\"")
      .inc();
  obs::call_log(level_enum::warn, log_, "media stream refused: {} ({})", why, reason);
  finished_ = true;
  tick_.cancel();
  close_ai_leg();
  caller_->close(close_code, std::string(why));
}

void CallRunner::reject_before_start(std::string_view event) {
  export_call_metric(*deps_.metrics, call::Metric::kRejectedBeforeStart, 1);
  if (bad_log_limit_.allow(now())) {
    obs::call_log(level_enum::warn, log_,
                  "rejected caller {} before an admitted start ({} suppressed)", event,
                  bad_log_limit_.suppressed());
  }
}

void CallRunner::check_start_deadline() {
  if (admitted_ || finished_ || now() - opened_at_ < deps_.config->start_deadline) return;
  refuse("start_deadline", kPolicyViolation, "no admitted start within the deadline");
}

// BEHAVIOUR 5: an oversized frame is one counted rejection, like bad JSON.
void CallRunner::on_caller_oversized(std::size_t bytes) {
  guarded_call("caller oversized", [&] {
    bad_caller_message("message of " + std::to_string(bytes) + " bytes over the limit");
  });
}

}  // namespace voxgate::bridge
