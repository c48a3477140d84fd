#pragma once
// The AI error codes no redial can fix: the account's key, quota or billing
// (PROTOCOLS.md "Error codes", PROTOCOLS-LIVE 8; both protocols use the same
// codes). One list for the Realtime path (call/ai_error_codes) and the
// GPT-Live leg, which decides before the core sees the error.

#include <algorithm>
#include <array>
#include <string_view>

namespace voxgate::ai {

inline constexpr std::array<std::string_view, 4> kFatalErrorCodes = {
    "invalid_api_key", "insufficient_quota", "account_deactivated", "billing_hard_limit_reached"};

inline bool is_fatal_error_code(std::string_view code) {
  return std::find(kFatalErrorCodes.begin(), kFatalErrorCodes.end(), code) !=
         kFatalErrorCodes.end();
}

}  // namespace voxgate::ai
