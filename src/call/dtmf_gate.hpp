#pragma once
// DtmfGate: which caller key presses reach the AI, and when (BEHAVIOUR 5:
// bad input is a counted rejection, every per-call buffer is bounded).
// A digit must be one of 0-9 * # A-D (RFC 4733 events 0-15; lowercase is not
// a DTMF digit). Presses turn into at most one user item + response.create per
// `min_interval`: digits pressed in between are gathered (at most
// `max_gathered`) and sent together once the interval has passed, so a caller
// typing an account number costs one AI response, not one per key.
// Owned by one CallSession; the session's strand.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace voxgate::call {

class DtmfGate {
 public:
  DtmfGate(common::Millis min_interval, std::size_t max_gathered)
      : min_interval_(min_interval), max_gathered_(max_gathered) {}

  static bool valid(std::string_view digit) {
    return digit.size() == 1 &&
           std::string_view("0123456789*#ABCD").find(digit[0]) != std::string_view::npos;
  }

  // Gathers a valid digit; false when the bound is reached (the digit is dropped).
  bool press(char digit) {
    if (digits_.size() >= max_gathered_) return false;
    digits_ += digit;
    return true;
  }

  // The user text for the gathered digits once `min_interval` has passed since
  // the last text (at once for the first); empties. nullopt: nothing due.
  std::optional<std::string> take_due(common::TimePoint now) {
    if (digits_.empty() || (last_sent_ && now - *last_sent_ < min_interval_)) return std::nullopt;
    std::string text = "The caller pressed";
    for (char d : digits_) (text += ' ') += d;
    digits_.clear();
    last_sent_ = now;
    return text;
  }

  std::size_t gathered() const { return digits_.size(); }

 private:
  common::Millis min_interval_;
  std::size_t max_gathered_;
  std::string digits_;
  std::optional<common::TimePoint> last_sent_;
};

}  // namespace voxgate::call
