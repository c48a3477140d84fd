#pragma once
// AiWatchdog: BEHAVIOUR 5 "no AI event for 3 s while a response is owed
// (after the caller's turn was committed, or mid-response)". Remembers the
// last AI event and whether the caller's turn is owed an answer: with server
// turn detection, speech_stopped commits the caller's input and the server
// creates the response itself, so from then until response.created the AI
// owes us an event even though voxgate sent no response.create. Whether a
// requested/active response or the connect handshake is owed is the
// session's to say (`owed_elsewhere`). Owned by one CallSession.

#include "common/clock.hpp"

namespace voxgate::call {

class AiWatchdog {
 public:
  AiWatchdog(common::Millis limit, common::TimePoint now) : limit_(limit), last_event_at_(now) {}

  void on_event(common::TimePoint now) { last_event_at_ = now; }
  void on_turn_committed(common::TimePoint now) {
    turn_owed_ = true;
    last_event_at_ = now;
  }
  // A response came, or the caller spoke again (the turn is not over).
  void on_turn_answered() { turn_owed_ = false; }
  void reset(common::TimePoint now) {
    turn_owed_ = false;
    last_event_at_ = now;
  }

  bool turn_owed() const { return turn_owed_; }
  bool expired(common::TimePoint now, bool owed_elsewhere) const {
    return (owed_elsewhere || turn_owed_) && now - last_event_at_ >= limit_;
  }

 private:
  common::Millis limit_;
  common::TimePoint last_event_at_;
  bool turn_owed_ = false;
};

}  // namespace voxgate::call
