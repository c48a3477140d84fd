#pragma once
// Transcript: caller and agent turns of one call (BEHAVIOUR 6), used for the
// call record and to restore the conversation after a reconnect (BEHAVIOUR
// 5.3). An agent turn is final when its text is known and either its audio
// finished playing or the caller cut it; a cut turn is marked interrupted and
// its text shortened to the share of the item's audio the caller heard (at a
// word boundary). Owned by one CallSession; not thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "call/call_event.hpp"

namespace voxgate::call {

struct Turn {
  Role role = Role::kUser;
  std::string text;
  bool interrupted = false;
  std::string item_id;
};

class Transcript {
 public:
  // Keeps at most `max_kept` final turns, the newest (BEHAVIOUR 5 bounds):
  // they serve the restore after a reconnect; the record gets each turn as
  // it becomes final.
  explicit Transcript(std::size_t max_kept = 1000) : max_kept_(max_kept) {}

  // Each returns the turn that just became final, if any.
  std::optional<Turn> add_user(std::string_view item_id, std::string_view text);
  std::optional<Turn> on_agent_text(std::string_view item_id, std::string_view text);
  // Streamed transcript pieces: the text of a turn whose final transcript
  // never comes (a cancelled response) is what was streamed so far.
  std::optional<Turn> on_agent_delta(std::string_view item_id, std::string_view delta);
  std::optional<Turn> on_agent_audio_over(std::string_view item_id);
  std::optional<Turn> on_agent_cut(std::string_view item_id, int64_t heard_ms, int64_t sent_ms);
  // Finalises every agent turn whose text is known (end of call, AI failure).
  std::vector<Turn> flush();

  const std::vector<Turn>& turns() const { return turns_; }

  // Text cut to `heard / sent` of its length, back to a word boundary.
  static std::string cut_text(std::string_view text, int64_t heard_ms, int64_t sent_ms);

 private:
  static constexpr std::size_t kMaxPending = 16;
  struct Pending {
    std::string item_id;
    std::optional<std::string> text;
    std::string streamed;  // transcript deltas so far
    bool audio_over = false;
    std::optional<std::pair<int64_t, int64_t>> cut;  // heard_ms, sent_ms
  };
  Pending& pending(std::string_view item_id);
  std::optional<Turn> settle(std::string_view item_id);
  const Turn& keep(Turn turn);

  std::size_t max_kept_;
  std::vector<Pending> pending_;
  std::vector<Turn> turns_;
};

}  // namespace voxgate::call
