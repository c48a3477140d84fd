#include "fakeai/live_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <sstream>

#include "audio/base64.hpp"

namespace voxgate::fakeai {
namespace {

namespace json = boost::json;

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream is(text);
  for (std::string w; is >> w;) out.push_back(w);
  return out;
}

bool is_context_append(std::string_view type) {
  return type == "session.instructions.append" || type == "session.thinking.append" ||
         type == "session.commentary.append";
}

}  // namespace

LiveSession::LiveSession(const CallScript& script, bool faults, TimePoint start, uint64_t id)
    : script_(script),
      start_(start),
      id_("live_" + std::to_string(id)),
      faults_(script, faults, start),
      vad_(script.vad_threshold, script.vad_start_ms, script.vad_silence_ms),
      words_(split_words(script.reply_text)),
      caller_words_(split_words(script.caller_transcript)) {}

std::vector<Action> LiveSession::start() {
  return {};
}

Stats LiveSession::take_stats() {
  Stats s = std::move(stats_);
  stats_ = Stats{};
  return s;
}

int64_t LiveSession::ms(TimePoint t) const {
  return std::chrono::duration_cast<common::Millis>(t - start_).count();
}

void LiveSession::emit(Out& out, Object ev) {
  if (faults_.stalled() || closed_) return;
  Object sent{{"type", ev["type"]}, {"event_id", "event_" + std::to_string(++event_counter_)}};
  for (auto& kv : ev)
    if (kv.key() != "type") sent[kv.key()] = std::move(kv.value());
  out.push_back(Action{Action::Kind::kSendRaw, {}, json::serialize(sent), 0});
}

void LiveSession::emit_error(Out& out, std::string code, std::string message, std::string param) {
  ++stats_.errors_sent[code];
  Object err{{"type", "invalid_request_error"}, {"code", code}, {"message", message}};
  if (!param.empty()) err["param"] = param;
  emit(out, {{"type", "error"}, {"error", std::move(err)}});
}

std::vector<Action> LiveSession::on_client_text(std::string_view text, TimePoint now) {
  Out out;
  if (closed_) return out;
  run_faults(out, now);
  pump(out, now);  // keep event order: anything due before this event goes first
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  const json::value* type = (!ec && v.is_object()) ? v.get_object().if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string()) {
    ++stats_.events_received["unparsed"];
    emit_error(out, "invalid_event", "fakeai could not parse the client event");
    return out;
  }
  ++stats_.events_received[std::string(type->get_string())];
  on_event(out, v.get_object(), now);
  return out;
}

void LiveSession::on_event(Out& out, const Object& ev, TimePoint now) {
  const std::string_view type = ev.at("type").get_string();
  if (type == "session.start") return on_start(out, ev, now);
  // PROTOCOLS-LIVE 1: nothing but session.start before session.started.
  if (!session_) {
    return emit_error(out, "session_not_started", "Send session.start first.", "type");
  }
  if (type == "session.input_audio.append") return on_append(out, ev, now);
  if (is_context_append(type)) return on_context(out, type, ev, now);
  if (type == "response.item.create") return on_function_output(out, ev);
  if (type == "response.create") return on_response_create(out, now);
  if (type == "session.close") return on_close(out, "close_requested", now);
  if (type == "session.input_audio.mute" || type == "session.input_audio.unmute") {
    muted_ = type == "session.input_audio.mute";
    return emit(out,
                {{"type", muted_ ? "session.input_audio.muted" : "session.input_audio.unmuted"}});
  }
  if (type == "session.update") {
    return emit_error(out, "immutable_field_update", "fakeai takes no session.update", "session");
  }
  emit_error(out, "unknown_event_type", "Unknown event type '" + std::string(type) + "'.", "type");
}

void LiveSession::on_start(Out& out, const Object& ev, TimePoint now) {
  if (session_) return emit_error(out, "session_already_started", "The session has started.");
  auto checked = live::check_session_start(ev);
  if (!checked) {
    const auto& r = checked.error();
    return emit_error(out, r.code, r.message, r.param);
  }
  if (faults_.enabled() && script_.close_before_created) {
    return close(out, script_.close_code);  // the client never sees session.started
  }
  session_ = std::move(*checked);
  ++stats_.live_formats[session_->format + "@" + std::to_string(session_->rate)];
  stats_.start_input_messages.push_back(static_cast<int64_t>(session_->input_messages));
  emit(out, {{"type", "session.started"}, {"session", live::started_session(*session_, id_)}});
  streaming_ = script_.output_silence;
  next_delta_ = now;
  pump(out, now);
}

void LiveSession::on_append(Out& out, const Object& ev, TimePoint now) {
  const auto* audio = ev.if_contains("audio");
  std::vector<uint8_t> bytes;
  if (audio == nullptr || !audio->is_string() ||
      !audio::base64_decode(audio->get_string(), bytes)) {
    return emit_error(out, "invalid_value", "audio must be base64", "audio");
  }
  stats_.audio_bytes_received += bytes.size();
  const std::string_view raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  stats_.keep_audio(raw);
  if (!muted_) feed_vad(out, raw, now);
}

// PROTOCOLS-LIVE 2: the delegation_id key is required even when null; a
// non-null id is rejected under Responses delegation (PROTOCOLS-LIVE 6).
void LiveSession::on_context(Out& out, std::string_view type, const Object& ev, TimePoint now) {
  for (const auto& kv : ev)
    if (kv.key() != "type" && kv.key() != "event_id" && kv.key() != "delegation_id" &&
        kv.key() != "content")
      return emit_error(out, "unknown_parameter", "Unknown parameter.", std::string(kv.key()));
  const auto* id = ev.if_contains("delegation_id");
  const auto* content = ev.if_contains("content");
  if (id == nullptr) return emit_error(out, "missing_required_parameter", "", "delegation_id");
  if (content == nullptr || !content->is_string())
    return emit_error(out, "missing_required_parameter", "", "content");
  if (!id->is_null() && (session_->responses || !id->is_string() ||
                         std::string_view(id->get_string()) != client_delegation_))
    return emit_error(out, "invalid_value", "No such client delegation.", "delegation_id");
  std::string acked(type);
  emit(out, {{"type", acked + "ed"}, {"start_ms", ms(now)}, {"end_ms", ms(now)}});
  if (type != "session.commentary.append") return;
  if (!id->is_null()) client_delegation_.clear();
  request_turn(now);  // the model paraphrases the commentary aloud
  pump(out, now);
}

void LiveSession::on_function_output(Out& out, const Object& ev) {
  if (!session_->responses)
    return emit_error(out, "invalid_request_error", "Needs Responses delegation.", "type");
  const auto* item = ev.if_contains("item");
  if (item == nullptr || !item->is_object())
    return emit_error(out, "missing_required_parameter", "", "item");
  const auto& it = item->get_object();
  for (const auto& kv : it)
    if (kv.key() != "type" && kv.key() != "call_id" && kv.key() != "output")
      return emit_error(out, "unknown_parameter", "", "item." + std::string(kv.key()));
  const auto* call_id = it.if_contains("call_id");
  const auto* output = it.if_contains("output");
  if (call_id == nullptr || !call_id->is_string() || output == nullptr || !output->is_string())
    return emit_error(out, "missing_required_parameter", "", "item.call_id");
  if (pending_calls_.erase(std::string(call_id->get_string())) == 0)
    return emit_error(out, "invalid_value", "No pending call with this id.", "item.call_id");
  ++answered_;
}

// PROTOCOLS-LIVE 6.4: one response.create after every call has its output.
void LiveSession::on_response_create(Out& out, TimePoint now) {
  if (!session_->responses)
    return emit_error(out, "invalid_request_error", "Needs Responses delegation.", "type");
  if (!pending_calls_.empty()) {
    return emit_error(out, "missing_function_call_output",
                      std::to_string(pending_calls_.size()) + " calls have no output yet.");
  }
  answered_ = 0;
  request_turn(now);  // the voice model speaks the continuation itself
  pump(out, now);
}

void LiveSession::on_close(Out& out, std::string_view reason, TimePoint now) {
  if (turn_) finish_turn(out, true, now);
  emit(out, {{"type", "session.closed"},
             {"reason", reason},
             {"session", Object{{"id", id_}}},
             {"usage", usage(now)}});
  out.push_back(Action{Action::Kind::kClose, {}, {}, 1000});
  closed_ = true;
}

std::vector<Action> LiveSession::on_timer(TimePoint now) {
  Out out;
  if (closed_) return out;
  run_faults(out, now);
  run_events(out, now);
  pump(out, now);
  return out;
}

void LiveSession::run_events(Out& out, TimePoint now) {
  while (next_event_ < script_.events.size() && at(script_.events[next_event_].at_ms) <= now) {
    const auto& e = script_.events[next_event_++];
    if (e.type == ScriptedEvent::Type::kSpeechStarted) {
      speech_start_ms_ = e.at_ms;
      speech_started(now);
    } else if (in_speech_) {
      speech_stopped(out, speech_start_ms_, e.at_ms, now);
    }
  }
}

std::optional<common::TimePoint> LiveSession::next_deadline() const {
  if (closed_) return std::nullopt;
  std::optional<TimePoint> best;
  auto consider = [&](TimePoint t) {
    if (!best || t < *best) best = t;
  };
  if (streaming_ && !faults_.stalled()) consider(next_delta_);
  if (next_event_ < script_.events.size()) consider(at(script_.events[next_event_].at_ms));
  faults_.deadlines(consider);
  if (faults_.enabled() && script_.session_closed_after_ms > 0 && session_)
    consider(at(script_.session_closed_after_ms));
  return best;
}

// Faults of the script, each once (README "Faults").
void LiveSession::run_faults(Out& out, TimePoint now) {
  if (!faults_.enabled()) return;
  const auto& s = script_;
  if (faults_.malformed_due(now)) {
    for (int64_t i = 0; i < s.malformed_count && !faults_.stalled(); ++i) {
      out.push_back(Action{Action::Kind::kSendRaw, {}, "{\"type\":\"session.output_audio.del", 0});
      ++stats_.malformed_sent;
    }
  }
  if (faults_.error_due(now)) {
    emit_error(out, s.error_code, "fakeai scripted error");
    if (s.error_closes() && !faults_.stalled())
      return close(out, s.close_code ? s.close_code : 1000);
  }
  faults_.stall_due(now);
  if (s.session_closed_after_ms > 0 && at(s.session_closed_after_ms) <= now && session_) {
    ++stats_.closes_injected;
    return on_close(out, s.session_closed_reason, now);
  }
  // A close is the one action a stall does not swallow: the socket just dies.
  if (faults_.close_due(now)) close(out, s.close_code);
}

void LiveSession::close(Out& out, int64_t code) {
  out.push_back(Action{Action::Kind::kClose, {}, {}, static_cast<int>(code)});
  ++stats_.closes_injected;
  closed_ = true;
}

}  // namespace voxgate::fakeai
