#pragma once
// Greeting: the greeting state of BEHAVIOUR 1 as one small component, so no
// path can leave a "greeting playing" flag set. States:
//   kNone      no greeting configured
//   kPending   configured, not yet requested (AI leg or caller not ready)
//   kRequested response.create sent, its response.created not seen yet
//   kPlaying   its response is in progress (audio may be playing)
//   kDraining  its response is done; waiting for its last mark
//   kOver      ended: last mark, barge-in, failure, deadline or call end
// Every active state has a deadline (requested_at + deadline), checked on tick.
// Owned by one CallSession; not thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "call/session_config.hpp"
#include "common/clock.hpp"

namespace voxgate::call {

class Greeting {
 public:
  enum class State { kNone, kPending, kRequested, kPlaying, kDraining, kOver };
  enum class EndCause { kLastMark, kBargeIn, kFailure, kDeadline, kCallEnded };

  explicit Greeting(const GreetingConfig& config);

  State state() const { return state_; }
  bool active() const {
    return state_ == State::kRequested || state_ == State::kPlaying || state_ == State::kDraining;
  }
  bool pending() const { return state_ == State::kPending; }
  const std::string& instructions() const { return instructions_; }

  void on_requested(common::TimePoint now);
  // Claims the first response created after the request. True if it is ours.
  bool on_response_created(std::string_view response_id);
  bool is_response(std::string_view response_id) const;
  void on_audio_forwarded(common::TimePoint now);
  // Its response is done; the greeting ends at its last mark.
  void on_response_done() {
    if (state_ == State::kPlaying) state_ = State::kDraining;
  }
  bool draining() const { return state_ == State::kDraining; }

  // BEHAVIOUR 1: barge-in only when interruptible and after the minimum play.
  bool may_barge_in(common::TimePoint now) const;
  bool deadline_passed(common::TimePoint now) const;
  // Ends an active (or pending) greeting; returns false if it was not active.
  bool end(EndCause cause);
  std::optional<EndCause> end_cause() const { return end_cause_; }

 private:
  State state_;
  std::string instructions_;
  bool interruptible_;
  common::Duration min_play_;
  common::Duration deadline_;
  common::TimePoint requested_at_{};
  std::optional<common::TimePoint> first_audio_at_;
  std::string response_id_;
  std::optional<EndCause> end_cause_;
};

std::string_view to_string(Greeting::EndCause cause);

}  // namespace voxgate::call
