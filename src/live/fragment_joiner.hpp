#pragma once
// FragmentJoiner: GPT-Live transcripts come as timed fragments with no turn
// ids and no "done" (PROTOCOLS-LIVE 3); a turn is the fragments of one side
// until a gap (PROTOCOLS-LIVE 5.5: ~0.8 s, fragments land on ~200 ms
// boundaries). A turn ends when no fragment arrived for `gap` (receipt time,
// from the caller's clock) or when a fragment starts `gap` or more after the
// previous one ended on the server's timeline (late fragments in a burst).
// Pure: time is passed in. Owned by one LiveTranslator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace voxgate::live {

class FragmentJoiner {
 public:
  explicit FragmentJoiner(common::Millis gap) : gap_(gap) {}

  // The turn this fragment ended (a server-timeline gap before it), if any.
  std::optional<std::string> add(common::TimePoint now, std::string_view text, int64_t start_ms,
                                 int64_t end_ms);
  // The open turn, once `gap` has passed since its last fragment.
  std::optional<std::string> poll(common::TimePoint now);
  // The open turn, whatever the time (end of the session). Each returns
  // nullopt for a turn of whitespace only.
  std::optional<std::string> flush();

  bool open() const { return open_; }
  // Whether a fragment starting at start_ms would end the open turn.
  bool splits(int64_t start_ms) const;
  // When poll() would close the open turn.
  std::optional<common::TimePoint> deadline() const;

 private:
  common::Millis gap_;
  bool open_ = false;
  std::string text_;
  common::TimePoint last_at_{};
  int64_t last_end_ms_ = 0;
};

}  // namespace voxgate::live
