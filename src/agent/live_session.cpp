// LiveAgentSession: client events (PROTOCOLS-LIVE 2) and the session's
// start and end. The output stream and caller turns are in
// live_session_output.cpp.

#include "agent/live_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "audio/base64.hpp"

namespace voxgate::agent {
namespace {

namespace json = boost::json;

bool is_context_append(std::string_view type) {
  return type == "session.instructions.append" || type == "session.thinking.append" ||
         type == "session.commentary.append";
}

}  // namespace

struct LiveAgentSession::Private {};

std::shared_ptr<LiveAgentSession> LiveAgentSession::make(Deps deps, double playback_speed) {
  return std::make_shared<LiveAgentSession>(Private{}, std::move(deps), playback_speed);
}

LiveAgentSession::LiveAgentSession(Private, Deps deps, double playback_speed)
    : deps_(std::move(deps)),
      tick_interval_(std::chrono::duration_cast<std::chrono::nanoseconds>(
          std::chrono::duration<double, std::milli>(kDeltaMs / std::max(playback_speed, 0.01)))),
      timer_(deps_.strand) {}

LiveAgentSession::~LiveAgentSession() {
  WorkerPool::keep_if_orphaned(lane_, deps_.workers);
}

void LiveAgentSession::on_text(std::string_view text) {
  if (closed_) return;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  const json::value* type = (!ec && v.is_object()) ? v.get_object().if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string()) {
    // A bad message costs the client an error event, never the connection.
    ++deps_.stats->bad_events;
    return emit_error("invalid_event", "could not parse the client event as a typed JSON object");
  }
  on_event(v.get_object());
}

void LiveAgentSession::on_event(const Object& ev) {
  const std::string_view type = ev.at("type").get_string();
  if (type == "session.start") return on_start(ev);
  // PROTOCOLS-LIVE 1: nothing but session.start before session.started.
  if (!session_) return emit_error("session_not_started", "Send session.start first.", "type");
  if (type == "session.input_audio.append") return on_append(ev);
  if (is_context_append(type)) return on_context(type, ev);
  if (type == "response.item.create") return on_function_output(ev);
  if (type == "response.create") return on_response_create();
  if (type == "session.update") return on_session_update(ev);
  if (type == "session.close") return on_session_close();
  if (type == "session.input_audio.mute" || type == "session.input_audio.unmute") {
    muted_ = type == "session.input_audio.mute";
    return emit({{"type", muted_ ? "session.input_audio.muted" : "session.input_audio.unmuted"}});
  }
  ++deps_.stats->bad_events;
  emit_error("unknown_event_type", "Unknown event type '" + std::string(type) + "'.", "type");
}

void LiveAgentSession::on_start(const Object& ev) {
  if (session_) return emit_error("session_already_started", "The session has started.");
  auto checked = live::check_session_start(ev);
  if (!checked) {
    ++deps_.stats->bad_events;
    const auto& r = checked.error();
    return emit_error(r.code, r.message, r.param);
  }
  auto pool = deps_.workers.lock();
  if (!pool) return emit_error("server_error", "the local agent is stopping");
  try {
    // Cheap (VAD, resampler, dialogue state): decoders and speech are the
    // server's, loaded at start-up.
    engine_ = std::make_shared<LocalAgentEngine>(deps_.spec, deps_.asr, deps_.speech);
    audio_.emplace(checked->format, static_cast<int>(checked->rate));
  } catch (const std::exception& ex) {
    emit_error("server_error", "local agent failed to start: " + std::string(ex.what()));
    if (deps_.close) deps_.close();
    return;
  }
  lane_ = pool->make_lane();
  session_ = std::move(*checked);
  id_ = "live_" + std::to_string(reinterpret_cast<uintptr_t>(this));
  emit({{"type", "session.started"}, {"session", live::started_session(*session_, id_)}});
  started_at_ = std::chrono::steady_clock::now();
  tick();  // the first delta at once, the stream runs from here
}

void LiveAgentSession::on_append(const Object& ev) {
  const auto* audio = ev.if_contains("audio");
  std::vector<uint8_t> bytes, ulaw;
  if (audio == nullptr || !audio->is_string() ||
      !audio::base64_decode(audio->get_string(), bytes) ||
      !audio_->to_ulaw8k({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, ulaw)) {
    ++deps_.stats->bad_events;
    return emit_error("invalid_value", "audio must be base64 in the session's format", "audio");
  }
  // PROTOCOLS-LIVE 2: muted, the model hears silence instead of the caller.
  if (muted_) std::fill(ulaw.begin(), ulaw.end(), uint8_t{0xFF});
  const int64_t at_ms = caller_bytes_ / (LocalAgentEngine::kCallerRate / 1000);
  caller_bytes_ += static_cast<int64_t>(ulaw.size());
  for (const audio::VadEvent& v : engine_->push_caller_ulaw(ulaw, at_ms)) on_vad_event(v);
}

// PROTOCOLS-LIVE 2: the delegation_id key is required even when null; the
// agent never delegates to the client, so a non-null id names nothing.
void LiveAgentSession::on_context(std::string_view type, const Object& ev) {
  for (const auto& kv : ev) {
    if (kv.key() != "type" && kv.key() != "event_id" && kv.key() != "delegation_id" &&
        kv.key() != "content")
      return emit_error("unknown_parameter", "Unknown parameter.", std::string(kv.key()));
  }
  const auto* id = ev.if_contains("delegation_id");
  const auto* content = ev.if_contains("content");
  if (id == nullptr)
    return emit_error("missing_required_parameter", "delegation_id is required", "delegation_id");
  if (content == nullptr || !content->is_string())
    return emit_error("missing_required_parameter", "content must be a string", "content");
  if (!id->is_null()) return emit_error("invalid_value", "No such delegation.", "delegation_id");
  emit({{"type", std::string(type) + "ed"}, {"start_ms", stream_ms()}, {"end_ms", stream_ms()}});
  if (type == "session.commentary.append") return speak_line(!greeted_);
  const bool instructions = type == "session.instructions.append";
  history_.push_back({instructions ? "developer" : "thinking", std::string(content->get_string()),
                      "ctx_" + std::to_string(++next_id_), 0, std::nullopt});
}

void LiveAgentSession::on_function_output(const Object& ev) {
  if (!session_->responses)
    return emit_error("invalid_request_error", "Needs Responses delegation.", "type");
  const auto* item = ev.if_contains("item");
  const auto* call_id =
      item && item->is_object() ? item->get_object().if_contains("call_id") : nullptr;
  if (call_id == nullptr || !call_id->is_string())
    return emit_error("missing_required_parameter", "item.call_id is required", "item.call_id");
  if (pending_calls_.erase(std::string(call_id->get_string())) == 0)
    return emit_error("invalid_value", "No pending call with this id.", "item.call_id");
}

// PROTOCOLS-LIVE 6.4: one response.create once every call has its output;
// the voice model then speaks the continuation itself.
void LiveAgentSession::on_response_create() {
  if (!session_->responses)
    return emit_error("invalid_request_error", "Needs Responses delegation.", "type");
  if (!pending_calls_.empty()) {
    return emit_error("missing_function_call_output",
                      std::to_string(pending_calls_.size()) + " calls have no output yet.");
  }
  if (!call_ended_) speak_line(false);
}

// PROTOCOLS-LIVE 2: only the Responses backend may change, and the agent has
// no backend model to change: acknowledged under Responses delegation (the
// agent's own tools stay in force), else immutable.
void LiveAgentSession::on_session_update(const Object& ev) {
  const auto* s = ev.if_contains("session");
  const auto* d = s && s->is_object() ? s->get_object().if_contains("delegation") : nullptr;
  if (!session_->responses || d == nullptr || s->get_object().size() != 1)
    return emit_error("immutable_field_update", "Only delegation.responses may change.", "session");
  emit({{"type", "session.updated"}, {"session", live::started_session(*session_, id_)}});
}

void LiveAgentSession::on_session_close() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at_).count();
  emit({{"type", "session.closed"},
        {"reason", "close_requested"},
        // The SDK's SessionResource: the whole snapshot, status "active".
        {"session", live::started_session(*session_, id_)},
        {"usage", Object{{"seconds", seconds}}}});
  on_close();
  if (deps_.close) deps_.close();
}

void LiveAgentSession::emit(Object ev) {
  if (closed_) return;
  Object sent{{"type", ev["type"]}};
  // The SDK's Live types give every server event an event_id but the
  // output audio delta (OutputAudioDeltaEvent has none).
  if (ev["type"] != "session.output_audio.delta")
    sent["event_id"] = "event_" + std::to_string(++next_id_);
  for (auto& kv : ev)
    if (kv.key() != "type") sent[kv.key()] = std::move(kv.value());
  deps_.send(json::serialize(sent));
}

void LiveAgentSession::emit_error(std::string code, std::string message, std::string param) {
  Object err{{"type", "invalid_request_error"}, {"code", code}, {"message", message}};
  if (!param.empty()) err["param"] = param;
  emit({{"type", "error"}, {"error", std::move(err)}});
}

void LiveAgentSession::on_close() {
  closed_ = true;
  timer_.cancel();
  playing_.reset();
  queued_.clear();
}

}  // namespace voxgate::agent
