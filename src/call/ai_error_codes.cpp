#include "call/ai_error_codes.hpp"

#include <algorithm>
#include <array>

#include "ai/fatal_error_codes.hpp"

namespace voxgate::call {
namespace {

// PROTOCOLS.md: a cancel with nothing active, a commit with no audio.
constexpr std::array<std::string_view, 2> kIgnorable = {"response_cancel_not_active",
                                                        "input_audio_buffer_commit_empty"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

AiErrorKind classify_ai_error(std::string_view code) {
  if (listed(kIgnorable, code)) return AiErrorKind::kIgnorable;
  if (ai::is_fatal_error_code(code)) return AiErrorKind::kFatal;
  if (code == "conversation_already_has_active_response") return AiErrorKind::kCreateRace;
  return AiErrorKind::kCounted;
}

bool is_fatal_ai_error(std::string_view code) {
  return classify_ai_error(code) == AiErrorKind::kFatal;
}

bool is_ignorable_ai_error(std::string_view code) {
  return classify_ai_error(code) == AiErrorKind::kIgnorable;
}

}  // namespace voxgate::call
