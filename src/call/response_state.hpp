#pragma once
// ResponseState: whether an AI response is requested, in progress or being
// cancelled (BEHAVIOUR 3: cancel only an active response), plus at most one
// deferred response.create (PROTOCOLS.md: a create racing an active response
// errors with conversation_already_has_active_response, so it waits for
// response.done). One enum instead of loose flags. It also knows whether the
// tracked response still owes the caller output (BEHAVIOUR 5 "never silent":
// after a reconnect such a response is asked for again) and the instructions
// it was requested with. Owned by one CallSession.

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

  void on_requested(std::optional<std::string> instructions = std::nullopt) {
    if (phase_ != Phase::kIdle) return;
    phase_ = Phase::kRequested;
    instructions_ = std::move(instructions);
  }
  void on_created(std::string_view id) {
    // A response the server created itself (server VAD) had no instructions.
    if (phase_ != Phase::kRequested) instructions_.reset();
    phase_ = Phase::kActive;
    id_ = std::string(id);
    output_done_ = false;
  }
  // The current response's audio (or its final transcript, which the
  // Realtime API sends after the audio) is complete: all of it was received.
  void on_output_done(std::string_view id) {
    if (is_current(id)) output_done_ = true;
  }
  // The AI still owes the caller this response's output: requested and not
  // created yet, or active with its audio not complete. A cancelled response
  // owes nothing (the caller cut it).
  bool unfinished() const {
    return phase_ == Phase::kRequested || (phase_ == Phase::kActive && !output_done_);
  }
  const std::optional<std::string>& instructions() const { return instructions_; }
  void on_cancelled() {
    if (phase_ == Phase::kActive) phase_ = Phase::kCancelling;
  }
  // True if `id` was the tracked response (now idle).
  bool on_done(std::string_view id) {
    if ((phase_ == Phase::kActive || phase_ == Phase::kCancelling) && id_ == id) {
      phase_ = Phase::kIdle;
      id_.clear();
      instructions_.reset();
      return true;
    }
    return false;
  }
  void reset() {
    phase_ = Phase::kIdle;
    id_.clear();
    instructions_.reset();
    output_done_ = false;
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
  const std::optional<DeferredCreate>& deferred() const { return deferred_; }
  // The instructions of the last response.create asked for, sent or deferred:
  // a create that raced another response is deferred again with them. Kept
  // across reset() (the next create overwrites it).
  void remember_request(const std::optional<std::string>& instructions) {
    last_requested_ = instructions;
  }
  const std::optional<std::string>& last_requested() const { return last_requested_; }

 private:
  Phase phase_ = Phase::kIdle;
  std::string id_;
  std::optional<std::string> instructions_;
  bool output_done_ = false;
  std::optional<DeferredCreate> deferred_;
  std::optional<std::string> last_requested_;
};

}  // namespace voxgate::call
