#include "call/transcript.hpp"

#include <algorithm>
#include <utility>

namespace voxgate::call {

std::optional<Turn> Transcript::add_user(std::string_view item_id, std::string_view text) {
  if (text.empty()) return std::nullopt;
  return keep(Turn{Role::kUser, std::string(text), false, std::string(item_id)});
}

const Turn& Transcript::keep(Turn turn) {
  if (max_kept_ > 0 && turns_.size() >= max_kept_) turns_.erase(turns_.begin());
  turns_.push_back(std::move(turn));
  return turns_.back();
}

Transcript::Pending& Transcript::pending(std::string_view item_id) {
  for (auto& p : pending_) {
    if (p.item_id == item_id) return p;
  }
  if (pending_.size() == kMaxPending) pending_.erase(pending_.begin());
  pending_.push_back(Pending{std::string(item_id), std::nullopt, {}, false, std::nullopt});
  return pending_.back();
}

std::optional<Turn> Transcript::on_agent_text(std::string_view item_id, std::string_view text) {
  pending(item_id).text = std::string(text);
  return settle(item_id);
}

std::optional<Turn> Transcript::on_agent_delta(std::string_view item_id, std::string_view delta) {
  Pending& p = pending(item_id);
  if (p.text) return std::nullopt;  // the final text is known already
  p.streamed += delta;
  return std::nullopt;  // a delta never finalises a turn on its own
}

std::optional<Turn> Transcript::on_agent_audio_over(std::string_view item_id) {
  pending(item_id).audio_over = true;
  return settle(item_id);
}

std::optional<Turn> Transcript::on_agent_cut(std::string_view item_id, int64_t heard_ms,
                                             int64_t sent_ms) {
  pending(item_id).cut = std::make_pair(heard_ms, sent_ms);
  return settle(item_id);
}

std::optional<Turn> Transcript::settle(std::string_view item_id) {
  auto it = std::find_if(pending_.begin(), pending_.end(),
                         [&](const Pending& p) { return p.item_id == item_id; });
  if (it == pending_.end() || (!it->audio_over && !it->cut)) return std::nullopt;
  // A cut turn whose final transcript never came keeps what was streamed.
  if (!it->text && it->cut && !it->streamed.empty()) it->text = it->streamed;
  if (!it->text) return std::nullopt;
  Turn turn{Role::kAssistant, *it->text, false, it->item_id};
  if (it->cut) {
    turn.interrupted = true;
    turn.text = cut_text(turn.text, it->cut->first, it->cut->second);
  }
  pending_.erase(it);
  if (turn.text.empty() && !turn.interrupted) return std::nullopt;
  return keep(std::move(turn));
}

std::vector<Turn> Transcript::flush() {
  std::vector<Turn> out;
  std::vector<std::string> ids;
  for (auto& p : pending_) {
    if (!p.text && !p.streamed.empty()) p.text = p.streamed;
    if (p.text) ids.push_back(p.item_id);
  }
  for (const auto& id : ids) {
    pending(id).audio_over = true;
    if (auto t = settle(id)) out.push_back(std::move(*t));
  }
  pending_.clear();
  return out;
}

std::string Transcript::cut_text(std::string_view text, int64_t heard_ms, int64_t sent_ms) {
  if (sent_ms <= 0 || heard_ms >= sent_ms) return std::string(text);
  if (heard_ms <= 0) return {};
  auto keep =
      static_cast<std::size_t>(static_cast<double>(text.size()) * static_cast<double>(heard_ms) /
                               static_cast<double>(sent_ms));
  if (keep >= text.size()) return std::string(text);
  // Back to the last word boundary so no half word is kept.
  while (keep > 0 && text[keep] != ' ') --keep;
  while (keep > 0 && text[keep - 1] == ' ') --keep;
  return std::string(text.substr(0, keep));
}

}  // namespace voxgate::call
