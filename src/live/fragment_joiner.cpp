#include "live/fragment_joiner.hpp"

namespace voxgate::live {
namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::optional<std::string> FragmentJoiner::add(common::TimePoint now, std::string_view text,
                                               int64_t start_ms, int64_t end_ms) {
  std::optional<std::string> ended;
  if (splits(start_ms)) ended = flush();
  open_ = true;
  text_ += text;
  last_at_ = now;
  if (end_ms > last_end_ms_) last_end_ms_ = end_ms;
  return ended;
}

bool FragmentJoiner::splits(int64_t start_ms) const {
  // Timestamps are optional on the wire (0): only a real gap splits.
  return open_ && start_ms > 0 && start_ms - last_end_ms_ >= gap_.count();
}

std::optional<std::string> FragmentJoiner::poll(common::TimePoint now) {
  if (!open_ || now - last_at_ < gap_) return std::nullopt;
  return flush();
}

std::optional<std::string> FragmentJoiner::flush() {
  if (!open_) return std::nullopt;
  open_ = false;
  std::string turn = trimmed(text_);
  text_.clear();
  if (turn.empty()) return std::nullopt;
  return turn;
}

std::optional<common::TimePoint> FragmentJoiner::deadline() const {
  if (!open_) return std::nullopt;
  return last_at_ + gap_;
}

}  // namespace voxgate::live
