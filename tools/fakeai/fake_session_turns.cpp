// FakeSession, second half: responses (pacing, cancel, late deltas, tool call),
// caller turns (scripted and energy VAD), truncation and commits.
#include <cmath>
#include <span>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "callsim/latency_stamp.hpp"
#include "fakeai/fake_session.hpp"

namespace voxgate::fakeai {
namespace {
constexpr int64_t kBytesPerMs = 8;  // mu-law 8 kHz
}  // namespace

common::TimePoint FakeSession::due(const Response& r) const {
  if (script_.flood_deltas) return r.start;  // every delta due at once
  return r.start + common::Millis(static_cast<int64_t>(r.deltas_sent) * script_.delta_ms);
}

void FakeSession::start_response(Out& out, TimePoint now) {
  if (active_) {
    // PROTOCOLS.md "Error codes": response.create raced an active response.
    emit_error(out, "conversation_already_has_active_response",
               "Conversation already has an active response in progress: " + active_->id);
    return;
  }
  Response r;
  r.number = ++response_counter_;
  r.id = "resp_" + std::to_string(r.number);
  if (faults_.enabled() && !script_.fail_responses.empty()) return fail_response(out, r.id);
  r.item_id = next_item();
  r.start = now;
  const size_t bytes = script_.reply_ulaw ? script_.reply_ulaw->size() : 0;
  const size_t per = static_cast<size_t>(script_.delta_ms * kBytesPerMs);
  r.total_deltas = (bytes + per - 1) / per;
  ++stats_.responses_started;
  emit(out, rt::ResponseCreated{r.id});
  emit(out, rt::ItemAdded{r.item_id, "message", "assistant"});
  item_audio_ms_[r.item_id] = 0;
  active_ = std::move(r);
  pump(out, now);
}

void FakeSession::send_delta(Out& out, Response& r, bool late) {
  const std::string& audio = *script_.reply_ulaw;
  const size_t per = static_cast<size_t>(script_.delta_ms * kBytesPerMs);
  const size_t off = r.deltas_sent * per;
  const size_t len = std::min(per, audio.size() - off);
  const size_t i = r.deltas_sent++;
  if (faults_.stalled()) return;
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(audio.data()) + off, len);
  std::vector<uint8_t> stamped;
  if (script_.stamp_audio) {
    // Load bench: the send time (taken as late as the pure session can) rides in the audio.
    stamped.assign(bytes.begin(), bytes.end());
    callsim::write_stamp(
        stamped, {callsim::monotonic_ns(), speech_started_ns_, static_cast<uint32_t>(r.number),
                  late ? callsim::LatencyStamp::kLate : 0u});
    bytes = stamped;
  }
  emit(out, rt::AudioDelta{r.id, r.item_id, 0, 0, audio::base64_encode(bytes)});
  ++stats_.deltas_sent;
  stats_.audio_bytes_sent += len;
  item_audio_ms_[r.item_id] = static_cast<int64_t>((off + len) / kBytesPerMs);
  // Transcript words spread evenly over the deltas.
  const size_t from = i * words_.size() / r.total_deltas;
  const size_t to = (i + 1) * words_.size() / r.total_deltas;
  std::string text;
  for (size_t w = from; w < to; ++w) text += (w ? " " : "") + words_[w];
  if (!text.empty()) emit(out, rt::TranscriptDelta{r.id, r.item_id, text});
}

void FakeSession::finish_response(Out& out, Response& r) {
  emit(out, rt::AudioDone{r.id, r.item_id});
  if (r.total_deltas == 0 && !script_.reply_text.empty())
    emit(out, rt::TranscriptDelta{r.id, r.item_id, script_.reply_text});
  emit(out, rt::TranscriptDone{r.id, r.item_id, script_.reply_text});
  if (script_.end_call_after_responses > 0 && r.number == script_.end_call_after_responses) {
    const std::string item = next_item();
    const std::string call_id = "call_" + std::to_string(++call_counter_);
    emit(out, rt::FunctionCallArgumentsDone{r.id, item, call_id, "end_call",
                                            script_.end_call_arguments});
    emit(out, rt::OutputItemDone{item, "function_call", "end_call", call_id,
                                 script_.end_call_arguments});
    ++stats_.tool_calls;
  }
  for (const auto& call : script_.tool_calls) {
    if (call.response != r.number) continue;
    const std::string item = next_item();
    const std::string call_id = "call_" + std::to_string(++call_counter_);
    emit(out, rt::FunctionCallArgumentsDone{r.id, item, call_id, call.name, call.arguments});
    emit(out, rt::OutputItemDone{item, "function_call", call.name, call_id, call.arguments});
    ++stats_.tool_calls;
  }
  emit(out, rt::ResponseDone{r.id, rt::ResponseStatus::kCompleted, "", "", "", ""});
  ++stats_.responses_completed;
}

// PROTOCOLS.md: a response the service could not produce (quota, rate limit)
// is created and then done with status "failed" and the reason in
// status_details.error.
void FakeSession::fail_response(Out& out, const std::string& id) {
  ++stats_.responses_started;
  emit(out, rt::ResponseCreated{id});
  const std::string& code = script_.fail_responses;
  emit(out, rt::ResponseDone{id, rt::ResponseStatus::kFailed, "", code, "Scripted failure: " + code,
                             code});
  ++stats_.responses_failed;
}

// Sends every delta due by `now`, real-time paced: delta k is due at start + k * delta_ms.
void FakeSession::pump(Out& out, TimePoint now) {
  if (faults_.stalled() || closed_) return;
  if (late_) {
    while (late_->late_left > 0 && late_->deltas_sent < late_->total_deltas && due(*late_) <= now) {
      send_delta(out, *late_, true);
      --late_->late_left;
      ++stats_.late_deltas_sent;
    }
    if (late_->late_left == 0 || late_->deltas_sent >= late_->total_deltas) late_.reset();
  }
  if (!active_) return;
  while (active_->deltas_sent < active_->total_deltas && due(*active_) <= now)
    send_delta(out, *active_);
  if (active_->deltas_sent >= active_->total_deltas) {
    finish_response(out, *active_);
    active_.reset();
  }
}

void FakeSession::on_cancel(Out& out, const rt::ResponseCancel& c) {
  if (!active_ || (c.response_id && *c.response_id != active_->id)) {
    // PROTOCOLS.md: cancel with nothing active is an error, never fatal.
    emit_error(out, "response_cancel_not_active", "Cancellation failed: no active response found");
    return;
  }
  emit(out, rt::ResponseDone{active_->id, rt::ResponseStatus::kCancelled, "client_cancelled", "",
                             "", ""});
  ++stats_.responses_cancelled;
  // PROTOCOLS.md "Late audio": deltas of a cancelled response can still arrive.
  active_->late_left = script_.late_deltas;
  late_ = std::move(active_);
  active_.reset();
}

void FakeSession::on_truncate(Out& out, const rt::ItemTruncate& t) {
  auto it = item_audio_ms_.find(t.item_id);
  if (it == item_audio_ms_.end()) {
    emit_error(out, "item_not_found", "Item '" + t.item_id + "' not found");
    return;
  }
  if (t.audio_end_ms < 0 || t.audio_end_ms > it->second) {
    // PROTOCOLS.md: truncating beyond the audio is `invalid_value`.
    emit_error(out, "invalid_value",
               "Audio content of " + std::to_string(it->second) + "ms is already shorter than " +
                   std::to_string(t.audio_end_ms) + "ms");
    return;
  }
  stats_.truncate_audio_end_ms.push_back(t.audio_end_ms);
  emit(out, rt::ItemTruncated{t.item_id, t.audio_end_ms});
}

void FakeSession::on_commit(Out& out) {
  if (uncommitted_bytes_ == 0) {
    emit_error(out, "input_audio_buffer_commit_empty", "buffer too small");
    return;
  }
  uncommitted_bytes_ = 0;
  emit(out, rt::AudioCommitted{speech_item_.value_or(next_item())});
}

void FakeSession::on_append(Out& out, const rt::AudioAppend& a, TimePoint now) {
  std::vector<uint8_t> bytes;
  if (!audio::base64_decode(a.audio_b64, bytes)) {
    emit_error(out, "invalid_value", "audio is not valid base64");
    return;
  }
  stats_.audio_bytes_received += bytes.size();
  stats_.keep_audio({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  if (script_.stamp_audio) {
    if (auto s = callsim::read_stamp(bytes)) {
      if (s->sent_ns >= start_ns_)
        stats_.append_latency_ms.push_back(double(callsim::monotonic_ns() - s->sent_ns) / 1e6);
      else
        ++stats_.appends_stamped_before_connect;
    }
  }
  uncommitted_bytes_ += static_cast<int64_t>(bytes.size());
  if (script_.vad_threshold > 0) {
    feed_vad(out, bytes, now);
  } else {
    input_ms_ += static_cast<int64_t>(bytes.size()) / kBytesPerMs;
  }
}

// The energy VAD (energy_vad.hpp) moves the caller's turns.
void FakeSession::feed_vad(Out& out, std::span<const uint8_t> ulaw, TimePoint now) {
  vad_.feed(
      ulaw, [&] { return speech_item_.has_value(); },
      [&](int64_t at_ms) { speech_started(out, at_ms); },
      [&](int64_t at_ms) { speech_stopped(out, at_ms, now); });
  input_ms_ = vad_.input_ms();
}

void FakeSession::speech_started(Out& out, int64_t audio_start_ms) {
  speech_item_ = next_item();
  ++stats_.speech_started;
  if (script_.stamp_audio) speech_started_ns_ = callsim::monotonic_ns();
  emit(out, rt::SpeechStarted{audio_start_ms, *speech_item_});
  if (script_.interrupt_response && active_) {
    // server_vad interrupt_response: the server cancels its own response.
    emit(out, rt::ResponseDone{active_->id, rt::ResponseStatus::kCancelled, "turn_detected", "", "",
                               ""});
    ++stats_.responses_interrupted;
    active_.reset();
  }
}

void FakeSession::speech_stopped(Out& out, int64_t audio_end_ms, TimePoint now) {
  const std::string item = speech_item_.value_or(next_item());
  speech_item_.reset();
  emit(out, rt::SpeechStopped{audio_end_ms, item});
  if (!script_.create_response) return;
  uncommitted_bytes_ = 0;
  emit(out, rt::AudioCommitted{item});
  emit(out, rt::ItemAdded{item, "message", "user"});
  emit(out, rt::InputTranscription{item, script_.caller_transcript, true});
  if (!active_) start_response(out, now);
}

}  // namespace voxgate::fakeai
