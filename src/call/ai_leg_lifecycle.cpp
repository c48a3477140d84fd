#include "call/ai_leg_lifecycle.hpp"

#include <utility>

namespace voxgate::call {

AiLegLifecycle::AiLegLifecycle(const SessionConfig& config, common::TimePoint now)
    : max_attempts_(config.reconnect_max_attempts),
      budget_(config.reconnect_budget),
      backoff_(config.reconnect_backoff),
      backoff_max_(config.reconnect_backoff_max),
      error_threshold_(config.ai_error_threshold),
      watchdog_(config.ai_watchdog, now),
      rng_(config.random_seed) {}

bool AiLegLifecycle::dial(common::TimePoint now) {
  if (state_ != State::kIdle) return false;
  state_ = State::kDialling;
  watchdog_.on_event(now);  // the handshake is owed from the dial
  return true;
}

bool AiLegLifecycle::on_connected(common::TimePoint now) {
  if (state_ != State::kDialling && state_ != State::kReconnecting) return false;
  watchdog_.on_event(now);
  state_ = State::kConfiguring;
  return true;
}

bool AiLegLifecycle::on_configured(common::TimePoint now) {
  watchdog_.on_event(now);
  if (state_ != State::kConfiguring) return false;  // later updates change nothing
  state_ = State::kReady;
  return true;
}

bool AiLegLifecycle::start_reconnect(common::TimePoint now, std::optional<OwedResponse> owed) {
  reconnect_ = Reconnect{1, now, std::nullopt, std::move(owed), {}, {}};
  if (last_outage_ && now - last_outage_->started < budget_) {
    reconnect_->attempts = last_outage_->attempts + 1;
    reconnect_->started = last_outage_->started;
  }
  state_ = State::kReconnecting;
  return reconnect_->attempts <= max_attempts_ && !budget_spent(now);
}

AiLegLifecycle::Attempt AiLegLifecycle::attempt_failed(common::TimePoint now) {
  if (!reconnect_) return Attempt::kExhausted;
  if (reconnect_->attempts >= max_attempts_ || now - reconnect_->started >= budget_) {
    return Attempt::kExhausted;
  }
  state_ = State::kReconnecting;
  // BEHAVIOUR 5.3: jittered exponential backoff (backoff.hpp).
  reconnect_->next_dial_at =
      now + backoff_delay(backoff_, backoff_max_, reconnect_->attempts, rng_);
  return Attempt::kRetry;
}

bool AiLegLifecycle::budget_spent(common::TimePoint now) const {
  return reconnect_ && now - reconnect_->started >= budget_;
}

bool AiLegLifecycle::redial_due(common::TimePoint now) {
  if (!reconnect_ || !reconnect_->next_dial_at || now < *reconnect_->next_dial_at) return false;
  reconnect_->next_dial_at.reset();
  ++reconnect_->attempts;
  return true;
}

std::optional<OwedResponse> AiLegLifecycle::restored(common::TimePoint now) {
  if (!reconnect_) return std::nullopt;
  std::optional<OwedResponse> owed = std::move(reconnect_->owed);
  last_outage_ = Outage{reconnect_->attempts, reconnect_->started};
  reconnect_.reset();
  watchdog_.reset(now);
  return owed;
}

bool AiLegLifecycle::close() {
  const bool was_open = open();
  state_ = State::kFailed;
  reconnect_.reset();
  return was_open;
}

void AiLegLifecycle::holding_started(std::string mark, common::TimePoint until) {
  if (!reconnect_) return;
  reconnect_->holding_mark = std::move(mark);
  reconnect_->holding_until = until;
}

bool AiLegLifecycle::cut_holding() {
  if (!holding_playing()) return false;
  reconnect_->holding_mark.clear();
  return true;
}

bool AiLegLifecycle::watchdog_expired(common::TimePoint now, bool response_expected) const {
  const bool handshake = state_ == State::kDialling || state_ == State::kConfiguring;
  return watchdog_.expired(now, response_expected || handshake);
}

void AiLegLifecycle::on_failure(common::TimePoint now) {
  watchdog_.reset(now);
  errors_ = 0;
}

}  // namespace voxgate::call
