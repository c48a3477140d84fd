// CallRunner's admission (BEHAVIOUR 0): until a media stream's start has
// passed every check in force (the per-call stream token, capacity), the
// stream is not a call: no AI leg is dialled, nothing is forwarded, no tool
// runs, no record is written. Every other message before it is a counted
// rejection, and a stream not admitted within the start deadline is closed.

#include <mutex>

#include "bridge/call_metric_export.hpp"
#include "bridge/call_runner.hpp"

namespace voxgate::bridge {

using spdlog::level::level_enum;

namespace {
constexpr uint16_t kPolicyViolation = 1008;  // RFC 6455 7.4.1
constexpr uint16_t kTryAgainLater = 1013;    // RFC 6455 7.4.1 (IANA registry)
constexpr uint16_t kUnsupportedData = 1003;  // RFC 6455 7.4.1
}  // namespace

void CallRunner::begin_admission(const telephony::CallerStarted& s) {
  if (!deps_.stream_tokens) {
    if (admit(s)) on_caller_start(s);
    return;
  }
  // The verdict arrives in line (this process's replay set) or on the
  // cluster's worker thread (Redis): in line it is handled here and now, as
  // before; from the worker it is posted to this runner's strand.
  struct Pending {
    std::mutex mu;
    bool returned = false;
    std::optional<StreamTokenVerdict> verdict;
  };
  auto pending = std::make_shared<Pending>();
  admitting_ = true;
  deps_.stream_tokens->redeem(
      s.stream_token, s.call_id,
      [self = shared_from_this(), pending, start = s](StreamTokenVerdict v) {
        std::unique_lock lock(pending->mu);
        if (!pending->returned) {
          pending->verdict = std::move(v);
          return;
        }
        lock.unlock();
        boost::asio::post(self->tick_.get_executor(), [self, start, v = std::move(v)] {
          self->guarded_call("admission", [&] { self->on_token_verdict(start, v); });
        });
      });
  std::unique_lock lock(pending->mu);
  pending->returned = true;
  if (!pending->verdict) return;
  const StreamTokenVerdict v = std::move(*pending->verdict);
  lock.unlock();
  on_token_verdict(s, v);
}

// The token is ours alone: the codec lifted it out of the custom parameters,
// so it never reaches the call core, the AI leg or the call record.
void CallRunner::on_token_verdict(const telephony::CallerStarted& s,
                                  const StreamTokenVerdict& verdict) {
  admitting_ = false;
  if (finished_) return;  // the start deadline passed, or the caller left
  if (!verdict) {
    log_ = {s.call_id, s.stream_id};
    // The shared replay set could not answer: not the caller's fault.
    const uint16_t code =
        verdict.error() == StreamTokenError::kReplayUnknown ? kTryAgainLater : kPolicyViolation;
    // Never the token itself: stream tokens are secrets.
    refuse(to_string(verdict.error()), code, "stream token rejected");
    return;
  }
  if (admit(s)) on_caller_start(s);
}

bool CallRunner::admit(const telephony::CallerStarted& s) {
  // The call carries one format between the legs (audio/format.hpp: the
  // cheapest the AI leg takes); a stream the codec cannot bring to it (a
  // carrier configured for OPUS, an odd rate) would be noise.
  const audio::Format call = audio::choose_call_format(s.format, deps_.ai_formats);
  if (!codec_->use_call_format(s.format, call)) {
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
  call_format_ = call;
  chunked_ = chunked_playout(codec_->traits(), call_format_, deps_.config->tick);
  admitted_ = true;
  deps_.metrics->active_calls.add(1);
  deps_.metrics->calls_started.inc();
  return true;
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
