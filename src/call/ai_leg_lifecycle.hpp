#pragma once
// AiLegLifecycle: the AI leg of one call from the session's side (BEHAVIOUR
// 1 and 5): idle, dialling, configuring, ready, reconnecting (with the
// reconnect budget, the jittered backoff between redials and the holding
// prompt the caller hears meanwhile), failed for good. It also owns the
// response watchdog (AiWatchdog) and the count of non-fatal AI errors, both
// of which decide when the leg counts as failed. It emits nothing: the
// session asks it and acts. Owned by one CallSession; not thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "call/ai_watchdog.hpp"
#include "call/backoff.hpp"
#include "call/session_config.hpp"
#include "common/clock.hpp"

namespace voxgate::call {

// BEHAVIOUR 5 "never silent": a response the AI owed the caller when its leg
// failed, asked for again once the next leg is restored.
struct OwedResponse {
  std::optional<std::string> instructions;
};

class AiLegLifecycle {
 public:
  enum class State { kIdle, kDialling, kConfiguring, kReady, kReconnecting, kFailed };
  enum class Attempt { kRetry, kExhausted };

  AiLegLifecycle(const SessionConfig& config, common::TimePoint now);

  State state() const { return state_; }
  bool ready() const { return state_ == State::kReady; }
  // A leg is dialled or open (close_ai_leg() is owed when the call ends).
  bool open() const { return state_ != State::kIdle && state_ != State::kFailed; }
  // Between a failure and the restore (or the fallback).
  bool recovering() const { return reconnect_.has_value(); }
  int attempts() const { return reconnect_ ? reconnect_->attempts : 0; }

  // BEHAVIOUR 1: dialled once, as early as possible. False if not idle.
  bool dial(common::TimePoint now);
  // The socket is open (first dial or a redial). False if none was expected.
  bool on_connected(common::TimePoint now);
  // session.updated: true when this made the leg ready.
  bool on_configured(common::TimePoint now);

  // BEHAVIOUR 5.3: the first redial goes at once (attempt 1). A leg that
  // fails again within the budget of the recovery that brought it back is the
  // same outage: that recovery's attempts and start carry over (else a leg
  // that comes back and fails at once, say on every response, would loop
  // forever). False when that budget is already spent: fall back.
  bool start_reconnect(common::TimePoint now, std::optional<OwedResponse> owed);
  // One redial failed: another after a jittered backoff, or the budget
  // (attempts or seconds) is spent.
  Attempt attempt_failed(common::TimePoint now);
  bool budget_spent(common::TimePoint now) const;
  // True (once) when the backoff before the next redial is over; that redial
  // is counted as the next attempt.
  bool redial_due(common::TimePoint now);
  // The leg is back: the recovery ends; returns what was owed at the failure.
  std::optional<OwedResponse> restored(common::TimePoint now);
  // Gone for good (fallback, shutdown, end): true if a leg was dialled or open.
  bool close();

  // BEHAVIOUR 5.3 holding prompt: the clip playing now (its mark) and when
  // it counts as over if its mark never echoes.
  void holding_started(std::string mark, common::TimePoint until);
  bool holding_playing() const { return reconnect_ && !reconnect_->holding_mark.empty(); }
  bool is_holding_mark(std::string_view name) const {
    return holding_playing() && reconnect_->holding_mark == name;
  }
  bool holding_overdue(common::TimePoint now) const {
    return holding_playing() && now >= reconnect_->holding_until;
  }
  // The prompt is cut; true if one was playing (the caller's queue needs a clear).
  bool cut_holding();

  // BEHAVIOUR 5 watchdog (AiWatchdog): any AI event, the caller's committed
  // turn, and whether the AI owes an event now.
  void on_ai_event(common::TimePoint now) { watchdog_.on_event(now); }
  void on_turn_committed(common::TimePoint now) { watchdog_.on_turn_committed(now); }
  void on_turn_answered() { watchdog_.on_turn_answered(); }
  bool turn_owed() const { return watchdog_.turn_owed(); }
  // Owed: a response requested or in progress (the session's to say), the
  // caller's committed turn, or the connect/configure handshake.
  bool watchdog_expired(common::TimePoint now, bool response_expected) const;

  // One more non-fatal AI error; true once they reach the threshold.
  bool error_past_threshold() { return ++errors_ >= error_threshold_; }
  // A failure was taken: the watchdog and the error count start over.
  void on_failure(common::TimePoint now);

 private:
  struct Reconnect {
    int attempts = 0;
    common::TimePoint started{};
    std::optional<common::TimePoint> next_dial_at;
    std::optional<OwedResponse> owed;
    // Empty: no holding clip playing now.
    std::string holding_mark;
    common::TimePoint holding_until{};
  };

  // Passed in.
  const int max_attempts_;
  const common::Millis budget_;
  const common::Millis backoff_;
  const common::Millis backoff_max_;
  const int error_threshold_;
  // Owned.
  struct Outage {
    int attempts = 0;
    common::TimePoint started{};
  };
  std::optional<Outage> last_outage_;  // the last recovery, once the leg was back
  AiWatchdog watchdog_;
  SplitMix64 rng_;
  // State.
  State state_ = State::kIdle;
  std::optional<Reconnect> reconnect_;
  int errors_ = 0;
};

}  // namespace voxgate::call
