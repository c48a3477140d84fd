#include "call/silence_guard.hpp"

namespace voxgate::call {

SilenceGuard::Verdict SilenceGuard::check(common::TimePoint now, bool counting) {
  if (timeout_.count() <= 0) return Verdict::kWait;
  if (!counting) {
    since_ = now;
    return Verdict::kWait;
  }
  if (now - since_ < timeout_) return Verdict::kWait;
  if (has_prompt_ && !prompted_) {
    prompted_ = true;
    since_ = now;  // the prompt gets a full timeout of its own
    return Verdict::kPrompt;
  }
  return Verdict::kEnd;
}

}  // namespace voxgate::call
