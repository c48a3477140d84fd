#include "realtime/realtime_leg.hpp"

#include <type_traits>

namespace voxgate::realtime {
namespace {

ai::ResponseStatus to_ai_status(ResponseStatus s) {
  switch (s) {
    case ResponseStatus::kCompleted:
      return ai::ResponseStatus::kCompleted;
    case ResponseStatus::kCancelled:
      return ai::ResponseStatus::kCancelled;
    case ResponseStatus::kIncomplete:
      return ai::ResponseStatus::kIncomplete;
    case ResponseStatus::kFailed:
      return ai::ResponseStatus::kFailed;
    default:
      return ai::ResponseStatus::kOther;
  }
}

AiClient::Handlers client_handlers(ai::AiLeg::Handlers h) {
  AiClient::Handlers out;
  out.on_event = [on_event = std::move(h.on_event)](ServerEvent&& e) {
    if (auto event = to_ai_event(std::move(e)); event && on_event) on_event(std::move(*event));
  };
  out.on_failure = [on_failure = std::move(h.on_failure)](const AiFailure& f) {
    if (on_failure) on_failure(to_ai_failure(f));
  };
  out.on_bad_message = [on_bad = std::move(h.on_bad_message)](ParseError e) {
    if (on_bad) on_bad(to_string(e));
  };
  return out;
}

}  // namespace

std::optional<ai::AiEvent> to_ai_event(ServerEvent&& event) {
  return std::visit(
      [](auto&& e) -> std::optional<ai::AiEvent> {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, SessionUpdated>) return ai::SessionReady{};
        if constexpr (std::is_same_v<T, SpeechStarted>) {
          return ai::SpeechStarted{std::move(e.item_id)};
        }
        if constexpr (std::is_same_v<T, SpeechStopped>) return ai::SpeechStopped{};
        if constexpr (std::is_same_v<T, ResponseCreated>) {
          return ai::ResponseCreated{std::move(e.response_id)};
        }
        if constexpr (std::is_same_v<T, AudioDelta>) {
          return ai::AudioDelta{std::move(e.response_id), std::move(e.item_id),
                                std::move(e.delta_b64)};
        }
        if constexpr (std::is_same_v<T, AudioDone>) {
          return ai::AudioDone{std::move(e.response_id), std::move(e.item_id)};
        }
        if constexpr (std::is_same_v<T, TranscriptDelta>) {
          return ai::TranscriptDelta{std::move(e.response_id), std::move(e.item_id),
                                     std::move(e.delta)};
        }
        if constexpr (std::is_same_v<T, TranscriptDone>) {
          return ai::TranscriptDone{std::move(e.response_id), std::move(e.item_id),
                                    std::move(e.transcript)};
        }
        if constexpr (std::is_same_v<T, InputTranscription>) {
          return ai::InputTranscript{std::move(e.item_id), std::move(e.transcript), e.is_final};
        }
        if constexpr (std::is_same_v<T, FunctionCallArgumentsDone>) {
          return ai::FunctionCall{std::move(e.call_id), std::move(e.name), std::move(e.arguments)};
        }
        if constexpr (std::is_same_v<T, OutputItemDone>) {
          // The same call as arguments.done (the core handles a call id once);
          // servers that send only this event still get their tools.
          if (e.type != "function_call") return std::nullopt;
          return ai::FunctionCall{std::move(e.call_id), std::move(e.name), std::move(e.arguments)};
        }
        if constexpr (std::is_same_v<T, ResponseDone>) {
          return ai::ResponseDone{std::move(e.response_id), to_ai_status(e.status),
                                  std::move(e.error_code), std::move(e.error_type)};
        }
        if constexpr (std::is_same_v<T, Error>) {
          return ai::Error{std::move(e.code), std::move(e.message)};
        }
        if constexpr (std::is_same_v<T, Unknown>) return ai::Unknown{std::move(e.type)};
        // session.created, input_audio_buffer.committed, conversation.item.added,
        // conversation.item.truncated, rate_limits.updated.
        return ai::Activity{};
      },
      std::move(event));
}

ai::AiFailure to_ai_failure(const AiFailure& f) {
  return {std::string(to_string(f.kind)), describe(f), f.fatal};
}

ai::AiDialer RealtimeLeg::dialer(AiClientOptions options, SessionConfig session) {
  auto base = std::make_shared<const SessionConfig>(std::move(session));
  return [options = std::move(options), base](
             boost::asio::any_io_executor strand, const audio::Format& audio,
             ai::AiLeg::Handlers handlers, ai::AiLeg::DialDone done) {
    // The call's format, when it is not the configured one: one copy per
    // such call (a mu-law call shares the configuration).
    auto shared = base;
    if (audio != base->audio) {
      auto own = std::make_shared<SessionConfig>(*base);
      own->audio = audio;
      shared = std::move(own);
    }
    AiClient::connect(std::move(strand), options, client_handlers(std::move(handlers)),
                      [shared, done = std::move(done)](auto result) {
                        if (!result) return done(common::unexpected(to_ai_failure(result.error())));
                        done(std::shared_ptr<ai::AiLeg>(
                            std::make_shared<RealtimeLeg>(std::move(*result), shared)));
                      });
  };
}

RealtimeLeg::RealtimeLeg(std::shared_ptr<AiClient> client,
                         std::shared_ptr<const SessionConfig> session)
    : client_(std::move(client)), session_(std::move(session)) {}

void RealtimeLeg::configure() {
  client_->send(SessionUpdate{*session_});
}

bool RealtimeLeg::append_audio(std::string_view payload_b64) {
  return client_->send_audio(payload_b64);
}

void RealtimeLeg::add_text(ai::Speaker speaker, std::string_view text) {
  client_->send(
      ItemCreateMessage{speaker == ai::Speaker::kUser ? "user" : "assistant", std::string(text)});
}

void RealtimeLeg::function_output(std::string_view call_id, std::string_view output) {
  client_->send(ItemCreateFunctionOutput{std::string(call_id), std::string(output)});
}

void RealtimeLeg::create_response(std::optional<std::string_view> instructions) {
  ResponseCreate r;
  if (instructions) r.instructions = std::string(*instructions);
  client_->send(r);
}

void RealtimeLeg::cancel_response(std::string_view response_id) {
  client_->send(ResponseCancel{std::string(response_id)});
}

void RealtimeLeg::truncate(std::string_view item_id, int64_t audio_end_ms) {
  client_->send(ItemTruncate{std::string(item_id), 0, audio_end_ms});
}

void RealtimeLeg::close() {
  client_->close();
}

bool RealtimeLeg::is_open() const {
  return client_->is_open();
}

}  // namespace voxgate::realtime
