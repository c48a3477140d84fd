#pragma once
// CallEnd: how one call ends (BEHAVIOUR 4 and 5), in one place. States: live;
// a hang-up requested (the end_call tool or a transfer: the call ends once
// the current audio has played, or after hangup_max_wait); ending on a mark
// (a fallback or shutdown clip, or the queued audio of a hang-up after an AI
// failure: the call ends when the mark echoes or at a deadline); ended, with
// its reason, once. A transfer is claimed at most once and makes the hang-up
// reason "transferred". The session is the only owner of how a call ends
// (ARCHITECTURE): it asks this component and emits the actions. Owned by one
// CallSession; not thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "call/call_event.hpp"
#include "common/clock.hpp"

namespace voxgate::call {

class CallEnd {
 public:
  bool ended() const { return reason_.has_value(); }
  std::optional<EndReason> reason() const { return reason_; }
  // Ending on a mark: no new input is acted on, only the mark and the deadline.
  bool ending() const { return pending_.has_value(); }
  // Neither ended nor ending: inputs are acted on.
  bool accepting() const { return !reason_ && !pending_; }

  // The call ends with `reason` when `mark` echoes, or at `deadline`.
  void end_on_mark(EndReason reason, std::string mark, common::TimePoint deadline);
  bool is_end_mark(std::string_view name) const { return pending_ && pending_->mark == name; }
  bool deadline_passed(common::TimePoint now) const {
    return pending_ && now >= pending_->deadline;
  }
  // Not later than `deadline` (a shutdown bounds an end already under way).
  void bound_deadline(common::TimePoint deadline);
  EndReason ending_reason() const { return pending_ ? pending_->reason : EndReason::kCallerHangup; }

  // BEHAVIOUR 4: true the first time a hang-up is requested.
  bool request_hangup(common::TimePoint now);
  bool hangup_pending() const { return hangup_requested_at_.has_value(); }
  // The hang-up has waited `max_wait` for the current audio.
  bool hangup_wait_over(common::TimePoint now, common::Duration max_wait) const {
    return hangup_requested_at_ && now - *hangup_requested_at_ >= max_wait;
  }
  // A server shutdown replaces a pending hang-up with its own end.
  void drop_hangup() { hangup_requested_at_.reset(); }
  EndReason hangup_reason() const {
    return transfer_to_ ? EndReason::kTransferred : EndReason::kAgentHangup;
  }

  // A transfer is accepted once, never while a hang-up is pending or the
  // call is ending.
  bool transfer_allowed() const { return accepting() && !hangup_requested_at_ && !transfer_to_; }
  void claim_transfer(std::string_view target) { transfer_to_ = std::string(target); }
  bool transfer_claimed() const { return transfer_to_.has_value(); }
  const std::optional<std::string>& transfer_target() const { return transfer_to_; }

  // The end itself: the reason is set once; nothing is pending any more.
  // False if the call had already ended.
  bool finish(EndReason reason);

 private:
  struct Pending {
    EndReason reason;
    std::string mark;
    common::TimePoint deadline;
  };
  std::optional<EndReason> reason_;
  std::optional<Pending> pending_;
  std::optional<common::TimePoint> hangup_requested_at_;
  std::optional<std::string> transfer_to_;
};

}  // namespace voxgate::call
