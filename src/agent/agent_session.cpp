// AgentSession: client events, caller turns and the engine's jobs. The
// response side (pacing, cancel, end_call) is in agent_session_response.cpp.

#include "agent/agent_session.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "agent/session_update_check.hpp"
#include "audio/base64.hpp"
#include "realtime/codec.hpp"

namespace voxgate::agent {
namespace rt = realtime;

struct AgentSession::Private {};

std::shared_ptr<AgentSession> AgentSession::make(Deps deps, AgentSessionOptions opts) {
  return std::make_shared<AgentSession>(Private{}, std::move(deps), std::move(opts));
}

AgentSession::~AgentSession() {
  WorkerPool::keep_if_orphaned(lane_, deps_.workers);
}

AgentSession::AgentSession(Private, Deps deps, AgentSessionOptions opts)
    : deps_(std::move(deps)),
      opts_(std::move(opts)),
      engine_config_(reported_engine_config()),
      paced_(deps_.strand, std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::duration<double, std::milli>(
                                   100.0 / std::max(opts_.playback_speed, 0.01)))) {}

// Before any session.update the VAD uses what session.created reports
// (Realtime's default turn detection), so what a client reads is in force.
EngineConfig AgentSession::reported_engine_config() {
  EngineConfig c;
  c.vad.end_of_turn_silence_ms = rt::SessionConfig{}.turn_detection->silence_duration_ms;
  return c;
}

void AgentSession::start() {
  emit(rt::SessionCreated{});
}

void AgentSession::on_text(std::string_view text) {
  if (closed_) return;
  auto parsed = rt::parse_client_event(text);
  if (!parsed) return on_unparsed(text, parsed.error());
  if (std::holds_alternative<rt::SessionUpdate>(*parsed)) {
    if (auto reject = check_session_update(text)) {
      // Not honoured, so not applied at all; what is in force stays.
      ++deps_.stats->bad_events;
      return emit(
          rt::Error{"invalid_request_error", "invalid_value", reject->message, reject->param, ""});
    }
  }
  if (engine_) return dispatch(*parsed);
  // The first session.update shapes the engine's VAD, so it is applied
  // before the engine is built; everything else waits for the engine.
  if (!engine_requested_ && std::holds_alternative<rt::SessionUpdate>(*parsed)) {
    on_session_update(std::get<rt::SessionUpdate>(*parsed));
  } else {
    waiting_.push_back(std::move(*parsed));
  }
  request_engine();
}

void AgentSession::dispatch(const rt::ClientEvent& event) {
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, rt::SessionUpdate>) {
          on_session_update(e);
        } else if constexpr (std::is_same_v<T, rt::AudioAppend>) {
          on_append(e);
        } else if constexpr (std::is_same_v<T, rt::AudioCommit>) {
          on_manual_commit();
        } else if constexpr (std::is_same_v<T, rt::AudioClear>) {
          // Nothing buffered outside a turn; the VAD keeps its own state.
        } else if constexpr (std::is_same_v<T, rt::ItemCreateMessage>) {
          on_user_item(e);
        } else if constexpr (std::is_same_v<T, rt::ItemCreateFunctionOutput>) {
          history_.push_back({"tool", e.output, next_id("item"), 0, std::nullopt});
          emit(rt::ItemAdded{history_.back().item_id, "function_call_output", ""});
        } else if constexpr (std::is_same_v<T, rt::ItemTruncate>) {
          on_truncate(e);
        } else if constexpr (std::is_same_v<T, rt::ResponseCreate>) {
          on_response_create();
        } else if constexpr (std::is_same_v<T, rt::ResponseCancel>) {
          on_response_cancel(e);
        }
      },
      event);
}

void AgentSession::on_session_update(const rt::SessionUpdate& e) {
  if (const auto& td = e.session.turn_detection) {
    create_response_ = td->create_response;
    interrupt_response_ = td->interrupt_response;
    // The end of turn follows every update, before or after the audio
    // starts; the rest shapes the engine when it is built (first update).
    const int silence_ms = std::max(100, td->silence_duration_ms);
    if (engine_) engine_->set_end_of_turn_silence_ms(silence_ms);
    if (!engine_requested_) {
      engine_config_.vad.end_of_turn_silence_ms = silence_ms;
      engine_config_.pre_roll_ms = std::max(0, td->prefix_padding_ms);
      // threshold 0..1 onto the WebRTC VAD's four aggressiveness levels (0.5 -> 2).
      engine_config_.vad.aggressiveness = std::clamp(static_cast<int>(td->threshold * 4), 0, 3);
    }
  }
  // Report what is in force: the request as applied (the agent detects
  // turns with server VAD whatever type was asked; audio is mu-law).
  const rt::SessionConfig before = in_force_;
  in_force_ = e.session;
  if (in_force_.turn_detection) {
    in_force_.turn_detection->type = "server_vad";
    if (engine_ && before.turn_detection) {  // only the first update shapes these
      in_force_.turn_detection->prefix_padding_ms = before.turn_detection->prefix_padding_ms;
      in_force_.turn_detection->threshold = before.turn_detection->threshold;
    }
    in_force_.turn_detection->silence_duration_ms =
        engine_ ? engine_->end_of_turn_silence_ms() : engine_config_.vad.end_of_turn_silence_ms;
    in_force_.turn_detection->create_response = create_response_;
    in_force_.turn_detection->interrupt_response = interrupt_response_;
  } else {
    in_force_.turn_detection = rt::TurnDetection{};
  }
  emit(rt::SessionUpdated{in_force_});
}

void AgentSession::request_engine() {
  if (engine_requested_) return;
  engine_requested_ = true;
  auto pool = deps_.workers.lock();
  if (!pool) return;
  lane_ = pool->make_lane();
  // Cheap (VAD, resampler, dialogue state): the decoders and the speech are
  // the server's, loaded at start-up, so it is built here on the strand.
  try {
    on_engine(
        std::make_shared<LocalAgentEngine>(deps_.spec, deps_.asr, deps_.speech, engine_config_));
  } catch (const std::exception& ex) {
    send_error("server_error", "agent_unavailable",
               "local agent failed to start: " + std::string(ex.what()));
    close();
  }
}

void AgentSession::on_engine(std::shared_ptr<LocalAgentEngine> engine) {
  if (closed_) return;
  engine_ = std::move(engine);
  while (!waiting_.empty() && !closed_) {
    const rt::ClientEvent event = std::move(waiting_.front());
    waiting_.pop_front();
    dispatch(event);
  }
}

void AgentSession::on_append(const rt::AudioAppend& e) {
  std::vector<uint8_t> ulaw;
  if (!audio::base64_decode(e.audio_b64, ulaw)) return;  // the parser checked it already
  const int64_t stream_ms = caller_bytes_ / (LocalAgentEngine::kCallerRate / 1000);
  caller_bytes_ += static_cast<int64_t>(ulaw.size());
  uncommitted_bytes_ += static_cast<int64_t>(ulaw.size());
  for (const audio::VadEvent& ev : engine_->push_caller_ulaw(ulaw, stream_ms)) on_vad_event(ev);
}

void AgentSession::on_vad_event(const audio::VadEvent& ev) {
  if (ev.kind == audio::VadEvent::Kind::speech_started) {
    user_item_ = next_id("item");
    emit(rt::SpeechStarted{ev.audio_start_ms, user_item_});
    // PROTOCOLS.md server_vad: only interrupt_response makes the server
    // cancel its own response; otherwise the client decides (voxgate does).
    if (interrupt_response_ && active_) cancel_response("turn_detected");
    return;
  }
  if (ev.kind != audio::VadEvent::Kind::speech_stopped) return;
  emit(rt::SpeechStopped{ev.audio_end_ms, user_item_});
  emit(rt::AudioCommitted{user_item_});
  caller_item_added(user_item_);
  uncommitted_bytes_ = 0;
  auto pool = deps_.workers.lock();
  if (!pool) return;
  const auto stopped_at = std::chrono::steady_clock::now();
  pool->submit(
      *lane_, [engine = engine_] { return engine->recognise_and_reply_or_drop(); }, deps_.strand,
      [self = shared_from_this(), item = user_item_, stopped_at](TurnResult r) {
        self->on_turn_result(item, std::move(r), stopped_at);
      });
}

void AgentSession::on_turn_result(const std::string& item_id, TurnResult r,
                                  std::chrono::steady_clock::time_point stopped_at) {
  if (closed_ || !r.had_turn) return;
  ++deps_.stats->turns_recognised;
  deps_.stats->asr_seconds += r.asr_s;
  // GA types: a completed transcription carries its usage; the agent bills
  // no tokens, so the duration form (the audio it heard).
  rt::InputTranscription heard{item_id, r.transcript, true};
  heard.usage_seconds = r.caller_audio_s;
  emit(heard);
  caller_item_done(item_id, r.transcript);
  history_.push_back({"user", r.transcript, item_id, 0, std::nullopt});
  Reply reply{r.turn.reply, std::move(r.reply_ulaw), r.turn.end_call, r.tts_s,
              stopped_at,   r.turn.transfer_to};
  if (create_response_) return speak(std::move(reply));
  unspoken_ = std::move(reply);  // create_response=false: the client asks for it
}

void AgentSession::on_response_create() {
  if (active_) {
    return send_error("invalid_request_error", "conversation_already_has_active_response",
                      "conversation already has an active response " + active_->id);
  }
  begin_response();
  const std::string id = active_->id;
  if (typed_) return answer_typed(id);
  if (unspoken_) {
    Reply r = std::move(*unspoken_);
    unspoken_.reset();
    return attach_reply(id, std::move(r));
  }
  if (call_ended_) return attach_reply(id, Reply{});
  auto pool = deps_.workers.lock();
  if (!pool) return;
  // The first response.create is voxgate's greeting request; later ones
  // (after DTMF or a tool result) repeat the current state's prompt.
  const bool greeting = !greeted_;
  greeted_ = true;
  // A fixed greeting was rendered at start-up: it starts now, on the strand,
  // however many calls' turns are queued on the workers.
  if (greeting) {
    if (auto audio = deps_.speech->find(deps_.spec->greeting)) {
      return attach_reply(id, Reply{deps_.spec->greeting, *audio, false, 0, {}, {}});
    }
  }
  pool->submit(
      *lane_,
      [engine = engine_, greeting] {
        Reply r;
        try {
          r.text = greeting ? engine->greeting_text() : engine->prompt_text();
          const auto t0 = std::chrono::steady_clock::now();
          if (!r.text.empty()) r.audio = *engine->speak(r.text);
          r.tts_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        } catch (const std::exception&) {
          r = Reply{};  // an empty response rather than none
        }
        return r;
      },
      deps_.strand,
      [self = shared_from_this(), id](Reply r) { self->attach_reply(id, std::move(r)); });
}

// The caller's typed text is answered as a spoken turn would be (no
// recognition); it counts as the greeting's turn if none was said.
void AgentSession::answer_typed(const std::string& response_id) {
  std::string text = std::move(*typed_);
  typed_.reset();
  greeted_ = true;
  auto pool = deps_.workers.lock();
  if (!pool) return;
  pool->submit(
      *lane_,
      [engine = engine_, text = std::move(text)] {
        try {
          return engine->reply_to_text(text);
        } catch (const std::exception&) {
          return TurnResult{};
        }
      },
      deps_.strand,
      [self = shared_from_this(), response_id](TurnResult r) {
        Reply reply{r.turn.reply, std::move(r.reply_ulaw), r.turn.end_call, r.tts_s,
                    std::nullopt, r.turn.transfer_to};
        self->attach_reply(response_id, std::move(reply));
      });
}

void AgentSession::on_response_cancel(const rt::ResponseCancel& e) {
  // PROTOCOLS.md: cancelling with nothing active is an error the client ignores.
  if (!active_ || (e.response_id && *e.response_id != active_->id)) {
    return send_error("invalid_request_error", "response_cancel_not_active",
                      "cancellation failed: no active response found");
  }
  cancel_response("client_cancelled");
}

void AgentSession::on_truncate(const rt::ItemTruncate& e) {
  HistoryEntry* h = find_item(e.item_id);
  if (h == nullptr || h->role != "assistant") {
    return send_error("invalid_request_error", "invalid_value",
                      "no assistant audio item '" + e.item_id + "'");
  }
  // PROTOCOLS.md: truncating beyond the audio sent is an invalid_value error.
  if (e.audio_end_ms < 0 || e.audio_end_ms > h->audio_ms) {
    return send_error("invalid_request_error", "invalid_value",
                      "audio content of " + std::to_string(h->audio_ms) +
                          "ms is already shorter than " + std::to_string(e.audio_end_ms) + "ms");
  }
  h->truncated_ms = e.audio_end_ms;
  emit(rt::ItemTruncated{e.item_id, e.audio_end_ms});
}

void AgentSession::send_error(std::string type, std::string code, std::string message) {
  emit(rt::Error{std::move(type), std::move(code), std::move(message), "", ""});
}

void AgentSession::on_close() {
  closed_ = true;
  paced_.stop();
  active_.reset();
  queued_.clear();
  waiting_.clear();
}

void AgentSession::close() {
  if (deps_.close) deps_.close();
}

}  // namespace voxgate::agent
