#include "live/output_turns.hpp"

namespace voxgate::live {

void OutputTurns::open(common::TimePoint now, std::vector<ai::AiEvent>& out) {
  if (!id_.empty()) return;
  id_ = prefix_ + "-" + std::to_string(next_++);
  opened_at_ = now;
  out.push_back(ai::ResponseCreated{id_});
}

void OutputTurns::close(std::optional<std::string> text, std::vector<ai::AiEvent>& out) {
  if (id_.empty()) return;
  if (text) out.push_back(ai::TranscriptDone{id_, id_, std::move(*text)});
  out.push_back(ai::AudioDone{id_, id_});
  out.push_back(ai::ResponseDone{id_, ai::ResponseStatus::kCompleted, {}, {}});
  id_.clear();
}

void OutputTurns::on_audio(common::TimePoint now, std::string&& delta_b64, bool quiet,
                           std::vector<ai::AiEvent>& out) {
  poll(now, out);
  if (quiet && id_.empty()) {
    ++quiet_dropped_;
    out.push_back(ai::Activity{});  // the leg is alive: the core's watchdog sees it
    return;
  }
  open(now, out);
  out.push_back(ai::AudioDelta{id_, id_, std::move(delta_b64)});
}

void OutputTurns::on_transcript(common::TimePoint now, std::string_view delta, int64_t start_ms,
                                int64_t end_ms, std::vector<ai::AiEvent>& out) {
  poll(now, out);
  // A server-timeline gap inside one response: the agent's earlier turn ends
  // there and this fragment starts the next response.
  if (text_.splits(start_ms)) close(text_.flush(), out);
  text_.add(now, delta, start_ms, end_ms);
  open(now, out);
  out.push_back(ai::TranscriptDelta{id_, id_, std::string(delta)});
}

void OutputTurns::poll(common::TimePoint now, std::vector<ai::AiEvent>& out) {
  if (id_.empty()) return;
  if (text_.open()) {
    if (auto d = text_.deadline(); d && now >= *d) close(text_.flush(), out);
    return;
  }
  if (now - opened_at_ >= gap_) close(std::nullopt, out);
}

void OutputTurns::finish(std::vector<ai::AiEvent>& out) {
  close(text_.flush(), out);
}

std::optional<common::TimePoint> OutputTurns::deadline() const {
  if (id_.empty()) return std::nullopt;
  if (auto d = text_.deadline()) return d;
  return opened_at_ + gap_;
}

}  // namespace voxgate::live
