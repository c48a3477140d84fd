// LiveAgentSession, second half: caller turns, the continuous output stream
// (PROTOCOLS-LIVE 5: one delta per 100 ms at real time, silence between
// replies, timed transcript fragments) and the end_call / transfer
// delegations (PROTOCOLS-LIVE 6, Responses).

#include <boost/json/serialize.hpp>

#include "agent/live_session.hpp"
#include "audio/base64.hpp"

namespace voxgate::agent {
namespace {
constexpr uint8_t kUlawSilence = 0xFF;
constexpr int64_t kUlawBytesPerMs = LocalAgentEngine::kCallerRate / 1000;
}  // namespace

void LiveAgentSession::on_vad_event(const audio::VadEvent& ev) {
  if (ev.kind == audio::VadEvent::Kind::speech_started) {
    // PROTOCOLS-LIVE 5: the model yields by itself when talked over; the
    // turn's own reply follows. An end_call line is not cut: the call ends.
    if (playing_ && !playing_->reply.end_call && playing_->reply.transfer_to.empty()) {
      playing_.reset();
      ++deps_.stats->cancels;
    }
    return;
  }
  if (ev.kind != audio::VadEvent::Kind::speech_stopped) return;
  auto pool = deps_.workers.lock();
  if (!pool) return;
  const int64_t start_ms = ev.audio_start_ms, end_ms = ev.audio_end_ms;
  pool->submit(
      *lane_, [engine = engine_] { return engine->recognise_and_reply_or_drop(); }, deps_.strand,
      [self = shared_from_this(), start_ms, end_ms](TurnResult r) {
        self->on_turn_result(std::move(r), start_ms, end_ms);
      });
}

void LiveAgentSession::on_turn_result(TurnResult r, int64_t start_ms, int64_t end_ms) {
  if (closed_ || !r.had_turn) return;
  ++deps_.stats->turns_recognised;
  deps_.stats->asr_seconds += r.asr_s;
  deps_.stats->tts_seconds += r.tts_s;
  // PROTOCOLS-LIVE 3: the caller's words, timed on the session's timeline.
  emit({{"type", "session.input_transcript.delta"},
        {"delta", r.transcript},
        {"start_ms", start_ms},
        {"end_ms", end_ms}});
  queue_reply({r.turn.reply, std::move(r.reply_ulaw), r.turn.end_call, r.turn.transfer_to});
}

// The greeting, or the current prompt (a commentary after the greeting, a
// continuation after tool outputs): from memory when rendered at start-up.
void LiveAgentSession::speak_line(bool greeting) {
  greeted_ = true;
  if (greeting) {
    if (auto audio = deps_.speech->find(deps_.spec->greeting)) {
      return queue_reply({deps_.spec->greeting, *audio, false, {}});
    }
  }
  auto pool = deps_.workers.lock();
  if (!pool) return;
  pool->submit(
      *lane_,
      [engine = engine_, greeting] {
        Reply r;
        try {
          r.text = greeting ? engine->greeting_text() : engine->prompt_text();
          if (!r.text.empty()) r.ulaw = *engine->speak(r.text);
        } catch (const std::exception&) {
          r = Reply{};  // nothing said rather than a dead session
        }
        return r;
      },
      deps_.strand, [self = shared_from_this()](Reply r) { self->queue_reply(std::move(r)); });
}

void LiveAgentSession::queue_reply(Reply reply) {
  if (closed_ || (reply.text.empty() && reply.ulaw.empty())) return;
  if (reply.end_call) call_ended_ = true;
  ++deps_.stats->responses;
  queued_.push_back(std::move(reply));
}

// Delta k is due at started_at + k * interval (absolute deadlines: timer
// jitter never accumulates).
void LiveAgentSession::schedule_tick() {
  timer_.expires_at(started_at_ + ticks_ * tick_interval_);
  timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (!ec && self && !self->closed_) self->tick();
  });
}

void LiveAgentSession::tick() {
  if (!playing_ && !queued_.empty()) start_reply();
  std::vector<uint8_t> chunk(static_cast<size_t>(kDeltaMs * kUlawBytesPerMs), kUlawSilence);
  if (playing_) {
    const auto& audio = playing_->reply.ulaw;
    const size_t n = std::min(chunk.size(), audio.size() - playing_->sent);
    std::copy_n(audio.begin() + static_cast<std::ptrdiff_t>(playing_->sent), n, chunk.begin());
    playing_->sent += n;
    if (playing_->sent >= audio.size()) end_reply();
  }
  const std::string out = audio_->from_ulaw8k(chunk);
  emit({{"type", "session.output_audio.delta"},
        {"delta", audio::base64_encode(std::span<const uint8_t>(
                      reinterpret_cast<const uint8_t*>(out.data()), out.size()))}});
  ++ticks_;
  if (!closed_) schedule_tick();
}

// PROTOCOLS-LIVE 3: the assistant's words as one fragment spanning the
// reply's audio on the session's timeline (no ids, no "done").
void LiveAgentSession::start_reply() {
  playing_ = Playing{std::move(queued_.front()), 0};
  queued_.pop_front();
  const int64_t audio_ms = static_cast<int64_t>(playing_->reply.ulaw.size()) / kUlawBytesPerMs;
  emit({{"type", "session.output_transcript.delta"},
        {"delta", playing_->reply.text},
        {"start_ms", stream_ms()},
        {"end_ms", stream_ms() + audio_ms}});
}

void LiveAgentSession::end_reply() {
  const Reply reply = std::move(playing_->reply);
  playing_.reset();
  // Under client delegation there are no function schemas (PROTOCOLS-LIVE 6):
  // the call then ends when the client hangs up.
  if (!session_->responses) return;
  if (reply.end_call) delegate("end_call", "{}");
  if (!reply.transfer_to.empty()) {
    delegate("transfer_call",
             boost::json::serialize(boost::json::object{{"to", reply.transfer_to}}));
  }
}

// PROTOCOLS-LIVE 6.1-6.2: the backend's function call, wrapped; completed
// has an empty output, the call is in its output_item.done.
void LiveAgentSession::delegate(const std::string& name, const std::string& arguments) {
  const std::string n = std::to_string(++next_id_);
  const std::string delegation = "dlg_" + n, response = "resp_" + n, call = "call_" + n;
  pending_calls_.insert(call);
  emit({{"type", "session.delegation.created"},
        {"offset_ms", stream_ms()},
        {"delegation", Object{{"id", delegation},
                              {"type", "delegation"},
                              {"target", "responses"},
                              {"response_id", response}}}});
  auto wrapped = [&](Object inner) {
    emit({{"type", "response.event"}, {"delegation_id", delegation}, {"event", std::move(inner)}});
  };
  const Object created{
      {"id", response}, {"status", "in_progress"}, {"output", boost::json::array{}}};
  wrapped({{"type", "response.created"}, {"response", created}});
  wrapped({{"type", "response.output_item.done"},
           {"output_index", 0},
           {"item", Object{{"type", "function_call"},
                           {"id", "fc_" + n},
                           {"status", "completed"},
                           {"call_id", call},
                           {"name", name},
                           {"arguments", arguments}}}});
  wrapped({{"type", "response.completed"},
           {"response",
            Object{{"id", response}, {"status", "completed"}, {"output", boost::json::array{}}}}});
}

}  // namespace voxgate::agent
