#include "call/greeting.hpp"

namespace voxgate::call {

Greeting::Greeting(const GreetingConfig& config)
    : state_(config.instructions ? State::kPending : State::kNone),
      instructions_(config.instructions.value_or("")),
      interruptible_(config.interruptible),
      min_play_(config.min_play),
      deadline_(config.deadline) {}

void Greeting::on_requested(common::TimePoint now) {
  if (state_ != State::kPending) return;
  state_ = State::kRequested;
  requested_at_ = now;
}

bool Greeting::on_response_created(std::string_view response_id) {
  if (state_ != State::kRequested) return false;
  state_ = State::kPlaying;
  response_id_ = std::string(response_id);
  return true;
}

bool Greeting::is_response(std::string_view response_id) const {
  return (state_ == State::kPlaying || state_ == State::kDraining) && response_id_ == response_id;
}

void Greeting::on_audio_forwarded(common::TimePoint now) {
  if (state_ == State::kPlaying && !first_audio_at_) first_audio_at_ = now;
}

bool Greeting::may_barge_in(common::TimePoint now) const {
  if (!active()) return true;
  if (!interruptible_ || !first_audio_at_) return false;
  return now - *first_audio_at_ >= min_play_;
}

bool Greeting::deadline_passed(common::TimePoint now) const {
  return active() && now - requested_at_ >= deadline_;
}

bool Greeting::end(EndCause cause) {
  if (!active() && state_ != State::kPending) return false;
  bool was_active = active();
  state_ = State::kOver;
  end_cause_ = cause;
  return was_active;
}

std::string_view to_string(Greeting::EndCause cause) {
  switch (cause) {
    case Greeting::EndCause::kLastMark:
      return "last_mark";
    case Greeting::EndCause::kBargeIn:
      return "barge_in";
    case Greeting::EndCause::kFailure:
      return "failure";
    case Greeting::EndCause::kDeadline:
      return "deadline";
    case Greeting::EndCause::kCallEnded:
      return "call_ended";
  }
  return "unknown";
}

}  // namespace voxgate::call
