#include "server/ai_event_dispatch.hpp"

#include <type_traits>

namespace voxgate::server {
namespace {

call::ResponseStatus to_call_status(realtime::ResponseStatus s) {
  switch (s) {
    case realtime::ResponseStatus::kCompleted:
      return call::ResponseStatus::kCompleted;
    case realtime::ResponseStatus::kCancelled:
      return call::ResponseStatus::kCancelled;
    case realtime::ResponseStatus::kIncomplete:
      return call::ResponseStatus::kIncomplete;
    default:
      return call::ResponseStatus::kFailed;
  }
}

}  // namespace

DispatchNote dispatch_ai_event(call::CallSession& s, common::TimePoint now,
                               const realtime::ServerEvent& event) {
  DispatchNote note;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        namespace rt = realtime;
        if constexpr (std::is_same_v<T, rt::SessionUpdated>) {
          s.on_ai_session_updated(now);
        } else if constexpr (std::is_same_v<T, rt::SpeechStarted>) {
          s.on_ai_speech_started(now, e.item_id);
        } else if constexpr (std::is_same_v<T, rt::SpeechStopped>) {
          s.on_ai_speech_stopped(now);
        } else if constexpr (std::is_same_v<T, rt::ResponseCreated>) {
          s.on_ai_response_created(now, e.response_id);
        } else if constexpr (std::is_same_v<T, rt::AudioDelta>) {
          s.on_ai_audio_delta(now, e.response_id, e.item_id, e.delta_b64);
        } else if constexpr (std::is_same_v<T, rt::AudioDone>) {
          s.on_ai_audio_done(now, e.response_id, e.item_id);
        } else if constexpr (std::is_same_v<T, rt::TranscriptDelta>) {
          s.on_ai_transcript_delta(now, e.response_id, e.item_id, e.delta);
        } else if constexpr (std::is_same_v<T, rt::TranscriptDone>) {
          s.on_ai_transcript_done(now, e.response_id, e.item_id, e.transcript);
        } else if constexpr (std::is_same_v<T, rt::InputTranscription>) {
          if (e.is_final) s.on_ai_input_transcript(now, e.item_id, e.transcript);
        } else if constexpr (std::is_same_v<T, rt::FunctionCallArgumentsDone>) {
          s.on_ai_function_call(now, e.call_id, e.name, e.arguments);
        } else if constexpr (std::is_same_v<T, rt::OutputItemDone>) {
          // The same call as arguments.done (the session handles a call id
          // once); servers that send only this event still get their tools.
          if (e.type == "function_call") s.on_ai_function_call(now, e.call_id, e.name, e.arguments);
        } else if constexpr (std::is_same_v<T, rt::ResponseDone>) {
          s.on_ai_response_done(now, e.response_id, to_call_status(e.status));
        } else if constexpr (std::is_same_v<T, rt::Error>) {
          note.error = &e;
          note.ignorable_error = rt::is_ignorable_error_code(e.code);
          s.on_ai_error(now, e.code, e.message);
        } else if constexpr (std::is_same_v<T, rt::Unknown>) {
          note.unknown = true;
        }
        // SessionCreated, AudioCommitted, ItemAdded,
        // ItemTruncated and RateLimitsUpdated need nothing from the core.
      },
      event);
  return note;
}

}  // namespace voxgate::server
