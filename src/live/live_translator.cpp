#include "live/live_translator.hpp"

#include <algorithm>
#include <array>
#include <type_traits>

#include "ai/fatal_error_codes.hpp"
#include "live/quiet_audio.hpp"

namespace voxgate::live {
namespace {

// PROTOCOLS-LIVE 6: the model waits for every client delegation to be
// answered; voxgate declares its functions to the Responses backend, so a
// client delegation has nothing behind it (pipecat answers the same way).
constexpr std::size_t kMaxInputMessages = 128;

constexpr std::string_view kNoClientDelegation =
    "That cannot be done on this call. Tell the caller briefly and carry on.";

}  // namespace

LiveTranslator::LiveTranslator(TranslatorOptions options)
    : options_(std::move(options)),
      output_(options_.id_prefix, options_.turn_gap),
      input_(options_.turn_gap) {}

void LiveTranslator::start(const StartConfig& session, LiveOutput& out) {
  if (start_sent_) return;
  start_sent_ = true;
  format_ = session.format;
  yield_.emplace(format_);
  SessionStart start{session};
  auto& input = start.session.input;
  input.insert(input.end(), history_.begin(), history_.end());
  history_.clear();
  // PROTOCOLS-LIVE 7: at most 128 messages, the oldest trimmed first.
  if (input.size() > kMaxInputMessages)
    input.erase(input.begin(), input.end() - static_cast<std::ptrdiff_t>(kMaxInputMessages));
  out.sends.push_back(std::move(start));
}

bool LiveTranslator::send(ClientEvent event, LiveOutput& out) {
  if (closing_ || failed_) return false;
  if (started_) {
    out.sends.push_back(std::move(event));
    return true;
  }
  // PROTOCOLS-LIVE 1: nothing but session.start before session.started.
  if (queued_.size() >= options_.max_queued) return false;
  queued_.push_back(std::move(event));
  return true;
}

void LiveTranslator::add_text(ai::Speaker speaker, std::string_view text, LiveOutput& out) {
  if (!start_sent_) {
    history_.push_back(
        InputMessage{speaker == ai::Speaker::kAssistant ? "assistant" : "user", std::string(text)});
    return;
  }
  // Context after the start is append-only (PROTOCOLS-LIVE 7): silent
  // thinking, e.g. DTMF digits or a restored turn.
  std::string content = speaker == ai::Speaker::kAssistant ? "You said: " : "";
  content += text;
  send(ContextAppend{AppendKind::kThinking, std::nullopt, std::move(content)}, out);
}

void LiveTranslator::create_response(std::optional<std::string_view> instructions,
                                     LiveOutput& out) {
  // PROTOCOLS-LIVE 7: the model speaks on a commentary worded as an
  // instruction; with nothing to say it decides by itself.
  if (!instructions) return;
  send(ContextAppend{AppendKind::kCommentary, std::nullopt, std::string(*instructions)}, out);
}

void LiveTranslator::function_output(std::string_view call_id, std::string_view output,
                                     LiveOutput& out) {
  if (!tools_.on_output(call_id)) return;  // a dropped or unknown call
  send(FunctionOutput{std::string(call_id), std::string(output)}, out);
  if (tools_.take_continue()) send(ResponseCreate{}, out);
}

void LiveTranslator::close(LiveOutput& out) {
  if (closing_) return;
  closing_ = true;
  queued_.clear();
  // PROTOCOLS-LIVE 8: session.close, then the socket after session.closed
  // (or the leg's bounded wait). Before the start there is nothing to end.
  if (started_ && !failed_) {
    out.sends.push_back(SessionClose{});
  } else {
    out.close_socket = true;
  }
}

void LiveTranslator::hear_caller(common::TimePoint now, std::string_view payload_b64,
                                 LiveOutput& out) {
  if (!yield_ || closing_ || failed_) return;
  const CallerHeard heard = yield_->on_caller_audio(now, payload_b64);
  if (heard.speech_ended) out.events.push_back(ai::CallerSpeechEnded{});
  if (heard.yielded_s) out.events.push_back(ai::ModelYielded{*heard.yielded_s});
}

void LiveTranslator::on_event(ServerEvent&& event, common::TimePoint now, LiveOutput& out) {
  if (failed_) return;
  if (closing_) {
    if (std::holds_alternative<SessionClosed>(event)) out.close_socket = true;
    return;
  }
  poll(now, out);
  std::visit(
      [&](auto&& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, SessionStarted>) {
          on_started(std::move(e), out);
        } else if constexpr (std::is_same_v<T, OutputAudioDelta>) {
          const bool quiet = quiet_audio(e.delta_b64, format_);
          if (auto s = yield_ ? yield_->on_ai_audio(now, quiet, yield_->audio_ms(e.delta_b64))
                              : std::nullopt)
            out.events.push_back(ai::ModelYielded{*s});
          output_.on_audio(now, std::move(e.delta_b64), quiet, out.events);
        } else if constexpr (std::is_same_v<T, TranscriptDelta>) {
          on_transcript(std::move(e), now, out);
        } else if constexpr (std::is_same_v<T, ResponseEvent>) {
          on_backend(std::move(e), out);
        } else if constexpr (std::is_same_v<T, DelegationCreated>) {
          on_delegation(e, out);
        } else if constexpr (std::is_same_v<T, Error>) {
          on_error(std::move(e), out);
        } else if constexpr (std::is_same_v<T, SessionClosed>) {
          on_closed(e, out);
        } else if constexpr (std::is_same_v<T, Unknown>) {
          out.events.push_back(ai::Unknown{std::move(e.type)});
        } else {
          out.events.push_back(ai::Activity{});  // acks, usage, info
        }
      },
      std::move(event));
}

void LiveTranslator::poll(common::TimePoint now, LiveOutput& out) {
  if (failed_ || closing_) return;
  output_.poll(now, out.events);
  emit_input_turn(input_.poll(now), out);
}

std::optional<common::TimePoint> LiveTranslator::deadline() const {
  if (failed_ || closing_) return std::nullopt;
  auto a = output_.deadline();
  auto b = input_.deadline();
  if (a && b) return std::min(*a, *b);
  return a ? a : b;
}

void LiveTranslator::on_started(SessionStarted&& e, LiveOutput& out) {
  if (started_) return;
  started_ = true;
  session_id_ = std::move(e.id);
  for (auto& q : queued_) out.sends.push_back(std::move(q));
  queued_.clear();
  out.events.push_back(ai::SessionReady{});
}

void LiveTranslator::on_transcript(TranscriptDelta&& e, common::TimePoint now, LiveOutput& out) {
  if (e.side == Side::kOutput) {
    output_.on_transcript(now, e.delta, e.start_ms, e.end_ms, out.events);
    return;
  }
  emit_input_turn(input_.add(now, e.delta, e.start_ms, e.end_ms), out);
  out.events.push_back(ai::Activity{});
}

void LiveTranslator::emit_input_turn(std::optional<std::string> text, LiveOutput& out) {
  if (!text) return;
  std::string id = options_.id_prefix + "-in-" + std::to_string(next_input_turn_++);
  out.events.push_back(ai::InputTranscript{std::move(id), std::move(*text), true});
}

void LiveTranslator::on_backend(ResponseEvent&& e, LiveOutput& out) {
  using K = BackendEvent::Kind;
  BackendEvent& b = e.event;
  switch (b.kind) {
    case K::kCreated:
      tools_.on_response_created();
      break;
    case K::kFunctionCall:
      if (tools_.on_call(b.call_id)) {
        out.events.push_back(
            ai::FunctionCall{std::move(b.call_id), std::move(b.name), std::move(b.arguments)});
        return;
      }
      break;
    case K::kCompleted:
      tools_.on_completed();
      if (tools_.take_continue()) send(ResponseCreate{}, out);
      break;
    case K::kFailed:
      // PROTOCOLS-LIVE 6.5: its pending calls are dropped; the code counts
      // like any error (an account code is fatal).
      tools_.on_abandoned();
      on_error(Error{"backend",
                     b.error_code.empty() ? "response_failed" : b.error_code,
                     b.error_message,
                     {}},
               out);
      return;
    case K::kIncomplete:
      tools_.on_abandoned();
      break;
    case K::kOther:
      break;
  }
  out.events.push_back(ai::Activity{});
}

void LiveTranslator::on_delegation(const DelegationCreated& e, LiveOutput& out) {
  if (e.target == "client") {
    send(ContextAppend{AppendKind::kCommentary, e.id, std::string(kNoClientDelegation)}, out);
  }
  out.events.push_back(ai::Activity{});
}

void LiveTranslator::on_error(Error&& e, LiveOutput& out) {
  // PROTOCOLS-LIVE 8: before session.started nothing works; account codes
  // are the same on every redial.
  if (!started_ || ai::is_fatal_error_code(e.code)) {
    fail("error", "error " + e.code + ": " + e.message, true, out);
    return;
  }
  out.events.push_back(ai::Error{std::move(e.code), std::move(e.message)});
}

void LiveTranslator::on_closed(const SessionClosed& e, LiveOutput& out) {
  // PROTOCOLS-LIVE 8, BEHAVIOUR 5: expired and connection_lost are redialled
  // by the core (a new session seeded with the transcript); content is
  // never retried. close_requested without our close is a server's end.
  output_.finish(out.events);
  emit_input_turn(input_.flush(), out);
  const bool fatal = e.reason == "content";
  fail("session_closed", "session closed: " + (e.reason.empty() ? "no reason" : e.reason), fatal,
       out);
}

void LiveTranslator::fail(std::string kind, std::string description, bool fatal, LiveOutput& out) {
  if (failed_) return;
  failed_ = true;
  queued_.clear();
  if (!session_id_.empty()) description += " (session " + session_id_ + ")";
  out.failure = ai::AiFailure{std::move(kind), std::move(description), fatal};
  out.close_socket = true;
}

}  // namespace voxgate::live
