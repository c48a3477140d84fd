#pragma once
// ResponseState: whether an AI response is requested, in progress or being
// cancelled (BEHAVIOUR 3: cancel only an active response), plus at most one
// deferred response.create (PROTOCOLS.md: a create racing an active response
// errors with conversation_already_has_active_response, so it waits for
// response.done). One enum instead of loose flags. Owned by one CallSession.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/clock.hpp"

namespace voxgate::call {

class ResponseState {
 public:
  enum class Phase { kIdle, kRequested, kActive, kCancelling };

  Phase phase() const { return phase_; }
  // In progress and cancellable.
  bool in_progress() const { return phase_ == Phase::kActive; }
  // The AI owes us events (watchdog).
  bool expected() const { return phase_ != Phase::kIdle; }
  // A new response.create now would race the current one.
  bool busy() const { return phase_ != Phase::kIdle; }
  const std::string& id() const { return id_; }
  bool is_current(std::string_view id) const { return phase_ == Phase::kActive && id_ == id; }

  void on_requested() {
    if (phase_ == Phase::kIdle) phase_ = Phase::kRequested;
  }
  void on_created(std::string_view id) {
    phase_ = Phase::kActive;
    id_ = std::string(id);
  }
  void on_cancelled() {
    if (phase_ == Phase::kActive) phase_ = Phase::kCancelling;
  }
  // True if `id` was the tracked response (now idle).
  bool on_done(std::string_view id) {
    if ((phase_ == Phase::kActive || phase_ == Phase::kCancelling) && id_ == id) {
      phase_ = Phase::kIdle;
      id_.clear();
      return true;
    }
    return false;
  }
  void reset() {
    phase_ = Phase::kIdle;
    id_.clear();
    deferred_.reset();
  }

  struct DeferredCreate {
    std::optional<std::string> instructions;
  };
  void defer(std::optional<std::string> instructions) {
    // A later request supersedes an earlier one that has not been sent.
    deferred_ = DeferredCreate{std::move(instructions)};
  }
  std::optional<DeferredCreate> take_deferred() { return std::exchange(deferred_, std::nullopt); }

 private:
  Phase phase_ = Phase::kIdle;
  std::string id_;
  std::optional<DeferredCreate> deferred_;
};

}  // namespace voxgate::call
