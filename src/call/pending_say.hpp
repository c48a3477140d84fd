#pragma once
// PendingSay: what the call-control API asked the agent to say while the AI
// leg was not ready (dialling or reconnecting), said once it is. The API has
// answered 202 already, so the text waits, bounded: the API caps one text at
// 2000 characters; kMaxChars holds a few of them. Owned by one CallSession.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace voxgate::call {

class PendingSay {
 public:
  static constexpr std::size_t kMaxChars = 8000;

  // False (nothing kept) when the text would pass the bound.
  bool add(std::string_view text) {
    if (text_.size() + text.size() > kMaxChars) return false;
    if (!text_.empty()) text_ += ' ';
    text_ += text;
    return true;
  }
  bool empty() const { return text_.empty(); }
  std::optional<std::string> take() {
    if (text_.empty()) return std::nullopt;
    return std::exchange(text_, {});
  }

 private:
  std::string text_;
};

}  // namespace voxgate::call
