// CallRunner's stream-token gate (issue 6 item 7): only calls this server
// answered through POST /twiml may open a media stream. Kept apart from
// call_runner.cpp so the call shell itself stays as it was.

#include "server/call_runner.hpp"

namespace voxgate::server {

namespace twilio = telephony::twilio;
using spdlog::level::level_enum;

namespace {
constexpr uint16_t kPolicyViolation = 1008;  // RFC 6455 7.4.1
}

bool CallRunner::admit_stream(twilio::Start& s) {
  // The token is ours alone: never passed to the call core, the AI leg or the
  // call record, whether or not tokens are checked.
  std::string token;
  auto& params = s.custom_parameters;
  for (auto it = params.begin(); it != params.end();) {
    if (it->first == kStreamTokenParameter) {
      token = std::move(it->second);
      it = params.erase(it);
    } else {
      ++it;
    }
  }
  if (!deps_.stream_tokens) return true;
  const auto redeemed = deps_.stream_tokens->redeem(token, s.call_sid);
  if (redeemed) return true;
  const std::string reason(to_string(redeemed.error()));
  deps_.metrics->registry()
      .counter("voxgate_streams_refused_total", "Media streams refused at start, by reason",
               "reason=\"" + reason + "\"")
      .inc();
  log_ = {s.call_sid, s.stream_sid};
  // Never the token itself (issue 6 item 2: stream tokens are secrets).
  obs::call_log(level_enum::warn, log_, "media stream refused: stream token {}", reason);
  // Not a call: no record, no registry entry, no end reason.
  finished_ = true;
  tick_.cancel();
  close_ai_leg();
  caller_->close(kPolicyViolation, "stream token rejected");
  return false;
}

}  // namespace voxgate::server
