#pragma once
// Private to the realtime codec: server event type names where the dialects
// differ (PROTOCOLS.md "Server events voxgate handles", GA / beta).

#include <string_view>

#include "realtime/dialect.hpp"

namespace voxgate::realtime::detail {

struct DialectName {
  std::string_view ga;
  std::string_view beta;
  std::string_view in(Dialect d) const { return d == Dialect::kGA ? ga : beta; }
};

inline constexpr DialectName kAudioDeltaName{"response.output_audio.delta", "response.audio.delta"};
inline constexpr DialectName kAudioDoneName{"response.output_audio.done", "response.audio.done"};
inline constexpr DialectName kTranscriptDeltaName{"response.output_audio_transcript.delta",
                                                  "response.audio_transcript.delta"};
inline constexpr DialectName kTranscriptDoneName{"response.output_audio_transcript.done",
                                                 "response.audio_transcript.done"};
// GA also sends conversation.item.done for the same item; both parse to ItemAdded.
inline constexpr DialectName kItemAddedName{"conversation.item.added", "conversation.item.created"};
inline constexpr std::string_view kItemDoneName = "conversation.item.done";
inline constexpr std::string_view kInputTranscriptionDone =
    "conversation.item.input_audio_transcription.completed";
inline constexpr std::string_view kInputTranscriptionDelta =
    "conversation.item.input_audio_transcription.delta";

}  // namespace voxgate::realtime::detail
