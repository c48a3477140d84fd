#include "realtime/server_events.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace voxgate::realtime {
namespace {

constexpr std::array<std::pair<ResponseStatus, std::string_view>, 6> kStatusNames = {{
    {ResponseStatus::kCompleted, "completed"},
    {ResponseStatus::kCancelled, "cancelled"},
    {ResponseStatus::kIncomplete, "incomplete"},
    {ResponseStatus::kFailed, "failed"},
    {ResponseStatus::kInProgress, "in_progress"},
    {ResponseStatus::kUnknown, "unknown"},
}};

}  // namespace

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
