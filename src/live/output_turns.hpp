#pragma once
// OutputTurns: GPT-Live's output is one continuous audio stream with no
// response or item ids (PROTOCOLS-LIVE 5, BEHAVIOUR 3 "Model-managed"); the
// call core forwards audio only for its current response and settles
// transcripts, greetings, hang-ups and deferred requests on ResponseDone.
// So the leg cuts the stream into synthetic responses, ids "<prefix>-<n>",
// one item each (same id):
// - a response opens at the first output audio delta that is not silence, or
//   output transcript fragment, while none is open (ResponseCreated, then
//   that event): no speech is ever dropped for want of a response; silence
//   between responses is dropped (the carrier plays silence by itself);
// - it closes when no output transcript fragment came for the turn gap (from
//   its last fragment, or from its opening when it has none: a stretch of
//   silence): TranscriptDone (when it had text), AudioDone, ResponseDone
//   completed. The next delta opens the next one.
// Each agent turn is thus one response, and a request the core defers while
// a response is open waits at most for the end of the agent's sentence plus
// the gap. Pure: time is passed in. Owned by one LiveTranslator.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ai/ai_event.hpp"
#include "common/clock.hpp"
#include "live/fragment_joiner.hpp"

namespace voxgate::live {

class OutputTurns {
 public:
  OutputTurns(std::string id_prefix, common::Millis gap)
      : prefix_(std::move(id_prefix)), gap_(gap), text_(gap) {}

  // `quiet`: the delta is silence (quiet_audio.hpp). Silence continues an
  // open response (a pause in the agent's sentence) but never opens one:
  // between turns it is dropped, and the carrier plays its own silence.
  void on_audio(common::TimePoint now, std::string&& delta_b64, bool quiet,
                std::vector<ai::AiEvent>& out);
  uint64_t quiet_dropped() const { return quiet_dropped_; }
  void on_transcript(common::TimePoint now, std::string_view delta, int64_t start_ms,
                     int64_t end_ms, std::vector<ai::AiEvent>& out);
  void poll(common::TimePoint now, std::vector<ai::AiEvent>& out);
  // Closes the open response (the session ended).
  void finish(std::vector<ai::AiEvent>& out);

  std::optional<common::TimePoint> deadline() const;
  const std::string& current_id() const { return id_; }

 private:
  void open(common::TimePoint now, std::vector<ai::AiEvent>& out);
  void close(std::optional<std::string> text, std::vector<ai::AiEvent>& out);

  std::string prefix_;
  common::Millis gap_;
  FragmentJoiner text_;
  uint64_t next_ = 1;
  std::string id_;  // empty: none open
  common::TimePoint opened_at_{};
  uint64_t quiet_dropped_ = 0;  // silent deltas between responses
};

}  // namespace voxgate::live
