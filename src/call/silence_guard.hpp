#pragma once
// SilenceGuard: BEHAVIOUR 4 caller silence timeout, with an optional spoken
// prompt before hanging up. Silence counts only while the session says it
// may (the AI leg ready and the AI silent); the AI being heard, the caller
// speaking or pressing a key starts it over, and the caller's activity also
// earns a new prompt. Prompts once, then ends the call on the next timeout.
// A timeout of zero disables it. Owned by one CallSession; not thread-safe.

#include "common/clock.hpp"

namespace voxgate::call {

class SilenceGuard {
 public:
  enum class Verdict { kWait, kPrompt, kEnd };

  SilenceGuard(common::Millis timeout, bool has_prompt, common::TimePoint now)
      : timeout_(timeout), has_prompt_(has_prompt), since_(now) {}

  // Something was heard (AI audio played, the caller started): count from now.
  void on_heard(common::TimePoint now) { since_ = now; }
  // The caller spoke or pressed a key: count from now, and prompt again.
  void on_caller_active(common::TimePoint now) {
    since_ = now;
    prompted_ = false;
  }
  // `counting`: the AI leg is ready and the AI is silent; else silence starts over.
  Verdict check(common::TimePoint now, bool counting);

 private:
  const common::Millis timeout_;
  const bool has_prompt_;
  common::TimePoint since_;
  bool prompted_ = false;
};

}  // namespace voxgate::call
