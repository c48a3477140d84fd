#include "realtime/server_events.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace voxgate::realtime {
namespace {

constexpr std::array<std::string_view, 4> kFatalCodes = {
    "invalid_api_key", "insufficient_quota", "account_deactivated", "billing_hard_limit_reached"};
constexpr std::array<std::string_view, 2> kIgnorableCodes = {"response_cancel_not_active",
                                                             "input_audio_buffer_commit_empty"};

constexpr std::array<std::pair<ResponseStatus, std::string_view>, 6> kStatusNames = {{
    {ResponseStatus::kCompleted, "completed"},
    {ResponseStatus::kCancelled, "cancelled"},
    {ResponseStatus::kIncomplete, "incomplete"},
    {ResponseStatus::kFailed, "failed"},
    {ResponseStatus::kInProgress, "in_progress"},
    {ResponseStatus::kUnknown, "unknown"},
}};

}  // namespace

bool is_fatal_error_code(std::string_view code) {
  return std::find(kFatalCodes.begin(), kFatalCodes.end(), code) != kFatalCodes.end();
}

bool is_ignorable_error_code(std::string_view code) {
  return std::find(kIgnorableCodes.begin(), kIgnorableCodes.end(), code) != kIgnorableCodes.end();
}

std::string_view to_string(ResponseStatus status) {
  for (const auto& [s, name] : kStatusNames) {
    if (s == status) return name;
  }
  return "unknown";
}

ResponseStatus response_status_from(std::string_view text) {
  for (const auto& [s, name] : kStatusNames) {
    if (name == text) return s;
  }
  return ResponseStatus::kUnknown;
}

}  // namespace voxgate::realtime
