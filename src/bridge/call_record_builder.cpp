#include "bridge/call_record_builder.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <random>

namespace voxgate::bridge {
namespace {

// Unique per builder, so per stream (BEHAVIOUR 6: a second stream for the
// same call id never overwrites the first one's record), and across
// restarts: start time, a random number drawn once per process, and a
// sequence number within the process.
std::string new_record_key(int64_t started_epoch_ms) {
  static const uint32_t process_nonce = std::random_device{}();
  static std::atomic<uint64_t> sequence{0};
  char nonce[9];
  std::snprintf(nonce, sizeof nonce, "%08x", process_nonce);
  return std::to_string(started_epoch_ms) + "-" + nonce + "-" + std::to_string(++sequence);
}

}  // namespace

using Kind = call::CallEvent::Kind;

CallRecordBuilder::CallRecordBuilder(common::TimePoint started, int64_t started_epoch_ms)
    : started_(started) {
  record_.started_at_ms = started_epoch_ms;
  record_.key = new_record_key(started_epoch_ms);
}

void CallRecordBuilder::set_ids(const std::string& call_sid, const std::string& stream_sid) {
  record_.call_sid = call_sid;
  record_.stream_sid = stream_sid;
  record_.id = call_sid.empty() ? stream_sid : call_sid;
}

int64_t CallRecordBuilder::since_start_ms(common::TimePoint t) const {
  return std::chrono::duration_cast<common::Millis>(t - started_).count();
}

void CallRecordBuilder::add(const call::CallEvent& e) {
  const int64_t at = since_start_ms(e.at);
  switch (e.kind) {
    case Kind::kTranscriptTurn:
      record_.turns.push_back(
          {e.role == call::Role::kUser ? "caller" : "agent", e.text, e.interrupted, at});
      return;
    case Kind::kFirstAudio:
      record_.first_audio_ms = e.value * 1000.0;
      return;
    case Kind::kTurnLatency:
      turn_latency_sum_ms_ += e.value * 1000.0;
      ++turn_latency_count_;
      record_.turn_latency_ms = turn_latency_sum_ms_ / turn_latency_count_;
      return;
    case Kind::kBargeIn:
      record_.barge_in_latency_ms =
          std::max(record_.barge_in_latency_ms.value_or(0.0), e.value * 1000.0);
      record_.events.push_back({at, "barge_in", e.id, e.value * 1000.0});
      return;
    case Kind::kModelYielded:
      // A call has one turn model: its barge-in figure is this one
      // (BEHAVIOUR 3 "Model-managed").
      record_.barge_in_latency_ms =
          std::max(record_.barge_in_latency_ms.value_or(0.0), e.value * 1000.0);
      record_.events.push_back({at, "model_yielded", e.id, e.value * 1000.0});
      return;
    case Kind::kTruncate:
      record_.events.push_back(
          {at, "truncate", e.id + " audio_end_ms=" + std::to_string(static_cast<int64_t>(e.value)),
           std::nullopt});
      return;
    default:
      break;
  }
  std::string detail = e.id;
  if (!e.text.empty()) detail += (detail.empty() ? "" : " ") + e.text;
  record_.events.push_back({at, std::string(call::to_string(e.kind)), detail, std::nullopt});
}

store::CallRecord CallRecordBuilder::finish(int64_t now_epoch_ms, const std::string& end_reason) {
  record_.ended_at_ms = now_epoch_ms;
  record_.end_reason = end_reason;
  if (record_.id.empty()) record_.id = "unstarted-" + std::to_string(record_.started_at_ms);
  return std::move(record_);
}

}  // namespace voxgate::bridge
