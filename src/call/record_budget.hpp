#pragma once
// RecordBudget: bounds what one call emits for its record (BEHAVIOUR 5 "every
// per-call ... record list is bounded in entries"; BEHAVIOUR 6 "never lost
// silently": what is not recorded is counted by the caller). Caps: all events,
// transcript turns, DTMF events. kCallEnded is always admitted, so a record
// always ends. Owned by one CallSession; the session's strand.

#include <cstddef>

#include "call/call_event.hpp"

namespace voxgate::call {

class RecordBudget {
 public:
  struct Limits {
    std::size_t events = 2000;
    std::size_t turns = 1000;
    std::size_t dtmf = 200;
  };
  enum class Verdict { kRecord, kDroppedEvent, kDroppedTurn };

  explicit RecordBudget(Limits limits) : limits_(limits) {}

  Verdict admit(CallEvent::Kind kind) {
    using K = CallEvent::Kind;
    if (kind == K::kCallEnded) return Verdict::kRecord;
    if (kind == K::kTranscriptTurn) {
      if (turns_ >= limits_.turns || events_ >= limits_.events) return Verdict::kDroppedTurn;
      ++turns_;
    } else if (kind == K::kDtmf) {
      if (dtmf_ >= limits_.dtmf || events_ >= limits_.events) return Verdict::kDroppedEvent;
      ++dtmf_;
    } else if (events_ >= limits_.events) {
      return Verdict::kDroppedEvent;
    }
    ++events_;
    return Verdict::kRecord;
  }

  std::size_t events() const { return events_; }

 private:
  Limits limits_;
  std::size_t events_ = 0;
  std::size_t turns_ = 0;
  std::size_t dtmf_ = 0;
};

}  // namespace voxgate::call
