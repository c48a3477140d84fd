#include "bridge/ai_event_dispatch.hpp"

#include <type_traits>

#include "call/ai_error_codes.hpp"

namespace voxgate::bridge {
namespace {

call::ResponseStatus to_call_status(ai::ResponseStatus s) {
  switch (s) {
    case ai::ResponseStatus::kCompleted:
      return call::ResponseStatus::kCompleted;
    case ai::ResponseStatus::kCancelled:
      return call::ResponseStatus::kCancelled;
    case ai::ResponseStatus::kIncomplete:
      return call::ResponseStatus::kIncomplete;
    default:
      return call::ResponseStatus::kFailed;
  }
}

}  // namespace

DispatchNote dispatch_ai_event(call::CallSession& s, common::TimePoint now,
                               const ai::AiEvent& event) {
  DispatchNote note;
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, ai::SessionReady>) {
          s.on_ai_session_updated(now);
        } else if constexpr (std::is_same_v<T, ai::SpeechStarted>) {
          s.on_ai_speech_started(now, e.item_id);
        } else if constexpr (std::is_same_v<T, ai::SpeechStopped>) {
          s.on_ai_speech_stopped(now);
        } else if constexpr (std::is_same_v<T, ai::ResponseCreated>) {
          s.on_ai_response_created(now, e.response_id);
        } else if constexpr (std::is_same_v<T, ai::AudioDelta>) {
          s.on_ai_audio_delta(now, e.response_id, e.item_id, e.delta_b64);
        } else if constexpr (std::is_same_v<T, ai::AudioDone>) {
          s.on_ai_audio_done(now, e.response_id, e.item_id);
        } else if constexpr (std::is_same_v<T, ai::TranscriptDelta>) {
          s.on_ai_transcript_delta(now, e.response_id, e.item_id, e.delta);
        } else if constexpr (std::is_same_v<T, ai::TranscriptDone>) {
          s.on_ai_transcript_done(now, e.response_id, e.item_id, e.transcript);
        } else if constexpr (std::is_same_v<T, ai::InputTranscript>) {
          if (e.is_final) s.on_ai_input_transcript(now, e.item_id, e.transcript);
        } else if constexpr (std::is_same_v<T, ai::FunctionCall>) {
          s.on_ai_function_call(now, e.call_id, e.name, e.arguments);
        } else if constexpr (std::is_same_v<T, ai::ResponseDone>) {
          // The error code of a failed response decides how it counts.
          s.on_ai_response_done(now, e.response_id, to_call_status(e.status),
                                e.error_code.empty() ? e.error_type : e.error_code);
        } else if constexpr (std::is_same_v<T, ai::Error>) {
          note.error = &e;
          note.ignorable_error = call::is_ignorable_ai_error(e.code);
          s.on_ai_error(now, e.code, e.message);
        } else if constexpr (std::is_same_v<T, ai::CallerSpeechEnded>) {
          s.on_ai_caller_speech_ended(now);
        } else if constexpr (std::is_same_v<T, ai::ModelYielded>) {
          s.on_ai_model_yielded(now, e.seconds);
        } else if constexpr (std::is_same_v<T, ai::Unknown>) {
          note.unknown = true;
          s.on_ai_activity(now);
        } else {
          static_assert(std::is_same_v<T, ai::Activity>);
          s.on_ai_activity(now);  // BEHAVIOUR 5 watchdog: "no AI event"
        }
      },
      event);
  return note;
}

}  // namespace voxgate::bridge
