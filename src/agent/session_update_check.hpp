#pragma once
// What a Realtime session.update asks of the local agent that it cannot
// honour, found in the raw event (the codec keeps only what voxgate uses):
// an audio format other than 8 kHz mu-law (GA audio.input/output.format,
// beta input_audio_format/output_audio_format), or turning server turn
// detection off (the agent always finds turns itself). The agent answers
// such an update with an `error` and keeps its settings, as OpenAI rejects a
// whole update. Pure.

#include <optional>
#include <string>
#include <string_view>

namespace voxgate::agent {

struct UpdateReject {
  std::string param;  // e.g. "session.audio.output.format.type"
  std::string message;
};

// nullopt: nothing in `event_json` (a session.update) the agent cannot do.
std::optional<UpdateReject> check_session_update(std::string_view event_json);

}  // namespace voxgate::agent
