#include "config/tool_config.hpp"

#include <algorithm>
#include <cctype>

namespace voxgate::config {

bool transfer_allowed(const std::vector<std::string>& allow, std::string_view target) {
  return !target.empty() && std::find(allow.begin(), allow.end(), target) != allow.end();
}

bool valid_transfer_target(std::string_view t) {
  if (t.starts_with("sip:")) {
    const auto at = t.find('@');
    return at != std::string_view::npos && at > 4 && at + 1 < t.size() &&
           t.find_first_of(" <>\"") == std::string_view::npos;
  }
  if (!t.starts_with("+") || t.size() < 7 || t.size() > 16) return false;
  return std::all_of(t.begin() + 1, t.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace voxgate::config
