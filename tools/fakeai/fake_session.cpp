#include "fakeai/fake_session.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "callsim/latency_stamp.hpp"

namespace voxgate::fakeai {
namespace {

constexpr const char* kClientTypes[] = {"session.update",
                                        "input_audio_buffer.append",
                                        "input_audio_buffer.commit",
                                        "input_audio_buffer.clear",
                                        "conversation.item.create",
                                        "conversation.item.create",
                                        "conversation.item.truncate",
                                        "response.create",
                                        "response.cancel"};
static_assert(std::size(kClientTypes) == std::variant_size_v<rt::ClientEvent>);

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

FakeSession::FakeSession(const CallScript& script, bool faults, TimePoint start)
    : script_(script),
      start_(start),
      faults_(script, faults, start),
      vad_(script.vad_threshold, script.vad_start_ms, script.vad_silence_ms) {
  if (script_.stamp_audio) start_ns_ = callsim::monotonic_ns();
  std::istringstream is(script_.reply_text);
  for (std::string w; is >> w;) words_.push_back(w);
}

std::vector<Action> FakeSession::start() {
  Out out;
  if (faults_.enabled() && script_.close_before_created) {
    // The leg dies during set-up: the client never sees session.created.
    close(out, script_.close_code);
    return out;
  }
  emit(out, rt::SessionCreated{});
  return out;
}

std::optional<std::string> FakeSession::active_response() const {
  if (!active_) return std::nullopt;
  return active_->id;
}

Stats FakeSession::take_stats() {
  Stats s = std::move(stats_);
  stats_ = Stats{};
  return s;
}

void FakeSession::emit(Out& out, rt::ServerEvent ev) {
  if (faults_.stalled() || closed_) return;
  if (const auto* e = std::get_if<rt::Error>(&ev)) ++stats_.errors_sent[e->code];
  out.push_back(Action{Action::Kind::kSend, std::move(ev), {}, 0});
}

void FakeSession::emit_error(Out& out, std::string code, std::string message) {
  emit(out, rt::Error{"invalid_request_error", std::move(code), std::move(message), "", ""});
}

std::vector<Action> FakeSession::on_client_text(std::string_view text, TimePoint now) {
  auto parsed = rt::parse_client_event(text);
  if (!parsed) {
    Out out;
    ++stats_.events_received["unparsed"];
    emit_error(out, "invalid_event", "fakeai could not parse the client event");
    return out;
  }
  return on_client_event(*parsed, now);
}

std::vector<Action> FakeSession::on_client_event(const rt::ClientEvent& ev, TimePoint now) {
  ++stats_.events_received[kClientTypes[ev.index()]];
  Out out;
  if (closed_) return out;
  run_faults(out, now);
  pump(out, now);  // keep event order: anything due before this event goes first
  std::visit(Overloaded{
                 [&](const rt::SessionUpdate& u) {
                   const auto& f = u.session.audio;
                   ++stats_.realtime_formats[(f.encoding == audio::Encoding::kLinear16
                                                  ? std::string("audio/pcm@")
                                                  : std::string("audio/pcmu@")) +
                                             std::to_string(f.sample_rate)];
                   emit(out, rt::SessionUpdated{});
                 },
                 [&](const rt::AudioAppend& a) { on_append(out, a, now); },
                 [&](const rt::AudioCommit&) { on_commit(out); },
                 [&](const rt::AudioClear&) { uncommitted_bytes_ = 0; },
                 [&](const rt::ItemCreateMessage& m) {
                   emit(out, rt::ItemAdded{next_item(), "message", m.role});
                 },
                 [&](const rt::ItemCreateFunctionOutput&) {
                   emit(out, rt::ItemAdded{next_item(), "function_call_output", ""});
                 },
                 [&](const rt::ItemTruncate& t) { on_truncate(out, t); },
                 [&](const rt::ResponseCreate&) { start_response(out, now); },
                 [&](const rt::ResponseCancel& c) { on_cancel(out, c); },
             },
             ev);
  return out;
}

std::vector<Action> FakeSession::on_timer(TimePoint now) {
  Out out;
  if (closed_) return out;
  run_faults(out, now);
  while (next_event_ < script_.events.size() && at(script_.events[next_event_].at_ms) <= now) {
    const auto& e = script_.events[next_event_++];
    if (e.type == ScriptedEvent::Type::kSpeechStarted)
      speech_started(out, e.at_ms);
    else
      speech_stopped(out, e.at_ms, now);
  }
  pump(out, now);
  return out;
}

std::optional<common::TimePoint> FakeSession::next_deadline() const {
  if (closed_) return std::nullopt;
  std::optional<TimePoint> best;
  auto consider = [&](TimePoint t) {
    if (!best || t < *best) best = t;
  };
  if (!faults_.stalled()) {
    if (active_) consider(due(*active_));
    if (late_) consider(due(*late_));
  }
  if (next_event_ < script_.events.size()) consider(at(script_.events[next_event_].at_ms));
  faults_.deadlines(consider);
  if (faults_.enabled() && script_.stray_audio_after_ms > 0 && !stray_fired_)
    consider(at(script_.stray_audio_after_ms));
  return best;
}

// Faults of the script, each once (README "Faults").
void FakeSession::run_faults(Out& out, TimePoint now) {
  if (!faults_.enabled()) return;
  const auto& s = script_;
  if (faults_.malformed_due(now)) {
    for (int64_t i = 0; i < s.malformed_count && !faults_.stalled(); ++i) {
      out.push_back(Action{Action::Kind::kSendRaw, {}, "{\"type\":\"response.output_audio.del", 0});
      ++stats_.malformed_sent;
    }
  }
  if (faults_.error_due(now)) {
    bool fatal = s.error_closes();
    emit(out, rt::Error{fatal ? "invalid_request_error" : "server_error", s.error_code,
                        "fakeai scripted error", "", ""});
    if (fatal && !faults_.stalled()) return close(out, s.close_code ? s.close_code : 1000);
  }
  faults_.stall_due(now);
  if (s.stray_audio_after_ms > 0 && !stray_fired_ && at(s.stray_audio_after_ms) <= now) {
    stray_fired_ = true;
    // Audio for a response this connection never created (BEHAVIOUR 5 bad input).
    emit(out, rt::AudioDelta{"resp_stray", "item_stray", 0, 0, std::string(1068, 'f')});
  }
  // A close is the one action a stall does not swallow: the socket just dies.
  if (faults_.close_due(now)) close(out, s.close_code);
}

void FakeSession::close(Out& out, int64_t code) {
  out.push_back(Action{Action::Kind::kClose, {}, {}, static_cast<int>(code)});
  ++stats_.closes_injected;
  closed_ = true;
}

}  // namespace voxgate::fakeai
