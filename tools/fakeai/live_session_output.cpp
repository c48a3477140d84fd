// LiveSession, second half: the continuous output stream (turns, silence,
// timed transcript fragments), caller turns, and tool delegations.
#include <algorithm>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "callsim/latency_stamp.hpp"
#include "fakeai/live_session.hpp"

namespace voxgate::fakeai {
namespace {
namespace json = boost::json;
constexpr int64_t kBytesPerMs = 8;  // the script's audio: mu-law 8 kHz

std::string b64(const std::string& bytes) {
  return audio::base64_encode(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}
}  // namespace

LiveSession::Object LiveSession::usage(TimePoint at) const {
  return {{"seconds", static_cast<double>(ms(at)) / 1000.0}};
}

void LiveSession::request_turn(TimePoint now) {
  if (turn_) {
    ++queued_turns_;
    return;
  }
  const size_t bytes = script_.reply_ulaw ? script_.reply_ulaw->size() : 0;
  const size_t per = static_cast<size_t>(script_.delta_ms * kBytesPerMs);
  turn_ = Turn{++turn_counter_, 0, (bytes + per - 1) / per, std::nullopt};
  ++stats_.responses_started;
  if (!streaming_) {  // no silence between turns: the stream restarts now
    streaming_ = true;
    next_delta_ = now;
  }
}

// Every delta due by `now`: delta k at session.started + k * delta_ms.
void LiveSession::pump(Out& out, TimePoint now) {
  if (!session_ || faults_.stalled() || closed_) return;
  while (streaming_ && next_delta_ <= now) {
    send_delta(out, next_delta_);
    next_delta_ += common::Millis(script_.delta_ms);
    if (!turn_ && !script_.output_silence) streaming_ = false;
  }
}

// The script's mu-law in the session's format (PROTOCOLS-LIVE 4).
std::string LiveSession::session_audio(std::string_view ulaw) const {
  if (session_->format == "audio/pcmu") return std::string(ulaw);
  std::string out;
  if (session_->format == "audio/pcma") {
    for (char c : ulaw)
      out.push_back(
          static_cast<char>(audio::linear_to_alaw(audio::ulaw_to_linear(static_cast<uint8_t>(c)))));
    return out;
  }
  const int64_t repeat = session_->rate / 8000;  // audio/pcm 16 or 24 kHz, PCM16LE
  for (char c : ulaw) {
    const auto s = static_cast<uint16_t>(audio::ulaw_to_linear(static_cast<uint8_t>(c)));
    for (int64_t i = 0; i < repeat; ++i) {
      out.push_back(static_cast<char>(s & 0xff));
      out.push_back(static_cast<char>(s >> 8));
    }
  }
  return out;
}

void LiveSession::send_delta(Out& out, TimePoint at) {
  if (turn_ && turn_->yield_at && *turn_->yield_at <= at) finish_turn(out, true, at);
  const size_t per = static_cast<size_t>(script_.delta_ms * kBytesPerMs);
  if (!turn_) {
    if (!script_.output_silence) return;
    // PROTOCOLS-LIVE 5: the stream goes on between turns, silence included.
    const std::string silence(per, static_cast<char>(0xFF));  // mu-law zero
    emit(out, {{"type", "session.output_audio.delta"}, {"delta", b64(session_audio(silence))}});
    ++stats_.silence_deltas_sent;
    return;
  }
  const std::string& audio = *script_.reply_ulaw;
  const size_t off = turn_->sent * per;
  const size_t len = std::min(per, audio.size() - off);
  const size_t i = turn_->sent++;
  std::string chunk(audio.data() + off, len);
  if (script_.stamp_audio && session_->format == "audio/pcmu") {
    // Load bench: the send time rides in the mu-law, as in Realtime deltas
    // (callsim/latency_stamp.hpp); only speech is stamped, never silence.
    callsim::write_stamp({reinterpret_cast<uint8_t*>(chunk.data()), chunk.size()},
                         {callsim::monotonic_ns(), 0, static_cast<uint32_t>(turn_->number), 0u});
  }
  emit(out, {{"type", "session.output_audio.delta"}, {"delta", b64(session_audio(chunk))}});
  ++stats_.deltas_sent;
  stats_.audio_bytes_sent += len;
  // Transcript words spread evenly over the deltas, timed like their audio.
  const size_t from = i * words_.size() / turn_->total;
  const size_t to = (i + 1) * words_.size() / turn_->total;
  std::string text;
  for (size_t w = from; w < to; ++w) text += (w ? " " : "") + words_[w];
  const int64_t start_ms = ms(at);
  if (!text.empty()) {
    emit(out, {{"type", "session.output_transcript.delta"},
               {"delta", text},
               {"start_ms", start_ms},
               {"end_ms", start_ms + static_cast<int64_t>(len) / kBytesPerMs}});
  }
  if (turn_->sent >= turn_->total) finish_turn(out, false, at + common::Millis(script_.delta_ms));
}

void LiveSession::finish_turn(Out& out, bool interrupted, TimePoint at) {
  const int number = turn_->number;
  turn_.reset();
  if (interrupted) {
    ++stats_.responses_interrupted;
  } else {
    ++stats_.responses_completed;
  }
  emit(out, {{"type", "session.usage.updated"}, {"usage", usage(at)}});
  if (!interrupted) {
    std::vector<ScriptedToolCall> calls;
    if (script_.end_call_after_responses == number)
      calls.push_back({number, "end_call", script_.end_call_arguments});
    for (const auto& c : script_.tool_calls)
      if (c.response == number) calls.push_back(c);
    if (!calls.empty()) delegate(out, calls, at);
  }
  if (queued_turns_ > 0) {
    --queued_turns_;
    request_turn(at);
  }
}

// PROTOCOLS-LIVE 6: the model hands the work off; Responses delegation
// brings the calls in response.event, client delegation only an id.
void LiveSession::delegate(Out& out, const std::vector<ScriptedToolCall>& calls, TimePoint at) {
  const std::string id = "deleg_" + std::to_string(++delegation_counter_);
  const std::string resp = "resp_" + std::to_string(delegation_counter_);
  Object d{
      {"id", id}, {"type", "delegation"}, {"target", session_->responses ? "responses" : "client"}};
  if (session_->responses) d["response_id"] = resp;
  emit(out, {{"type", "session.delegation.created"}, {"offset_ms", ms(at)}, {"delegation", d}});
  if (!session_->responses) {
    client_delegation_ = id;
    return;
  }
  auto wrapped = [&](Object inner) {
    emit(out, {{"type", "response.event"}, {"delegation_id", id}, {"event", std::move(inner)}});
  };
  wrapped(
      {{"type", "response.created"},
       {"response", Object{{"id", resp}, {"status", "in_progress"}, {"output", json::array{}}}}});
  for (size_t i = 0; i < calls.size(); ++i) {
    const std::string call_id = "call_" + std::to_string(++call_counter_);
    pending_calls_.insert(call_id);
    ++stats_.tool_calls;
    Object item{{"id", "fc_" + std::to_string(call_counter_)},
                {"type", "function_call"},
                {"status", "completed"},
                {"call_id", call_id},
                {"name", calls[i].name},
                {"arguments", calls[i].arguments}};
    wrapped(
        {{"type", "response.output_item.done"}, {"output_index", i}, {"item", std::move(item)}});
  }
  // PROTOCOLS-LIVE 6.2: the completed response's output is empty.
  wrapped({{"type", "response.completed"},
           {"response", Object{{"id", resp}, {"status", "completed"}, {"output", json::array{}}}}});
}

// PROTOCOLS-LIVE 5: nothing tells the client; the model yields by itself.
void LiveSession::speech_started(TimePoint now) {
  in_speech_ = true;
  ++stats_.speech_started;
  if (turn_ && !turn_->yield_at) turn_->yield_at = now + common::Millis(script_.live_yield_ms);
}

void LiveSession::speech_stopped(Out& out, int64_t start_ms, int64_t end_ms, TimePoint now) {
  in_speech_ = false;
  if (!script_.create_response) return;
  // Timed input fragments over the caller's speech, then the model answers.
  const size_t n = caller_words_.size();
  for (size_t i = 0; i < n; ++i) {
    const int64_t span = std::max<int64_t>(end_ms - start_ms, 0);
    const int64_t from = start_ms + span * static_cast<int64_t>(i) / static_cast<int64_t>(n);
    const int64_t to = start_ms + span * static_cast<int64_t>(i + 1) / static_cast<int64_t>(n);
    emit(out, {{"type", "session.input_transcript.delta"},
               {"delta", (i ? " " : "") + caller_words_[i]},
               {"start_ms", from},
               {"end_ms", to}});
  }
  request_turn(now);
}

// The energy VAD hears mu-law; other formats are converted for it.
void LiveSession::feed_vad(Out& out, std::string_view bytes, TimePoint now) {
  if (script_.vad_threshold <= 0) return;
  std::vector<uint8_t> ulaw;
  if (session_->format == "audio/pcmu") {
    ulaw.assign(bytes.begin(), bytes.end());
  } else if (session_->format == "audio/pcma") {
    for (char c : bytes)
      ulaw.push_back(audio::linear_to_ulaw(audio::alaw_to_linear(static_cast<uint8_t>(c))));
  } else {
    const size_t step = static_cast<size_t>(2 * session_->rate / 8000);
    for (size_t i = 0; i + 1 < bytes.size(); i += step) {
      const auto s = static_cast<int16_t>(static_cast<uint8_t>(bytes[i]) |
                                          (static_cast<uint8_t>(bytes[i + 1]) << 8));
      ulaw.push_back(audio::linear_to_ulaw(s));
    }
  }
  vad_.feed(
      ulaw, [&] { return in_speech_; },
      [&](int64_t at_ms) {
        speech_start_ms_ = at_ms;
        speech_started(now);
      },
      [&](int64_t at_ms) { speech_stopped(out, speech_start_ms_, at_ms, now); });
}

}  // namespace voxgate::fakeai
