#pragma once
// LocalAgentEngine: one call's offline voice agent, VAD -> ASR -> Dialogue
// -> TTS, with no sockets. The Realtime-compatible server wraps it: caller
// audio frames go in from the call's strand, turn events come out, and the
// blocking recognise_and_reply() runs on a worker pool and posts its result
// back (ARCHITECTURE.md "Concurrency": no ASR/TTS on an I/O thread).
//
// Owner: the server's per-connection session. Thread affinity:
// - push_caller_ulaw(): one thread at a time (the strand);
// - recognise_and_reply(), greeting_audio(): one thread at a time (one
//   worker job per call in flight), possibly concurrently with
//   push_caller_ulaw(); the only state they share is the queue of finished
//   turns, guarded by a mutex.
// Cost: each engine owns a pocketsphinx decoder (model loaded per call).

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent_spec.hpp"
#include "agent/asr.hpp"
#include "agent/dialogue.hpp"
#include "agent/resampler.hpp"
#include "agent/tts.hpp"
#include "agent/vad.hpp"

namespace voxgate::agent {

struct EngineConfig {
  VadConfig vad;
  AsrConfig asr;
  std::string voice = "slt";
  int pre_roll_ms = 300;  // audio kept before the VAD's audio_start_ms (soft onsets)
  int tail_ms = 300;      // audio kept after audio_end_ms (soft endings)
};

struct TurnResult {
  bool had_turn = false;  // false: no finished caller turn was waiting
  std::string transcript;
  Turn turn;                        // reply text, intent, slots, end_call
  std::vector<uint8_t> reply_ulaw;  // 8 kHz mu-law
  double caller_audio_s = 0;
  double asr_s = 0;  // wall time spent recognising
  double tts_s = 0;  // wall time spent synthesising
};

class LocalAgentEngine {
 public:
  static constexpr int kCallerRate = 8000;
  static constexpr int kAsrRate = Asr::kSampleRate;

  // Registers every state's grammar with the decoder; throws
  // std::runtime_error naming the state if one is rejected (typically a
  // phrase word missing from the pronunciation dictionary). Start-up only.
  explicit LocalAgentEngine(std::shared_ptr<const AgentSpec> spec, EngineConfig config = {});

  // frame: caller mu-law at 8 kHz, any length (Twilio sends 20 ms);
  // stream_ms: stream time of its first sample. Returns the VAD events the
  // frame completed (usually none).
  std::vector<VadEvent> push_caller_ulaw(std::span<const uint8_t> frame, int64_t stream_ms);

  bool has_pending_turn() const;
  // Blocking (tens of ms per second of speech): recognises the oldest
  // finished turn with the current state's grammar, advances the dialogue
  // and synthesises the reply.
  TurnResult recognise_and_reply();

  std::string greeting_text() const { return dialogue_.greeting(); }
  std::vector<uint8_t> greeting_audio() const {
    return tts_.synthesize_ulaw8k(dialogue_.greeting());
  }

  // Worker side, like recognise_and_reply(): the dialogue state is shared
  // with it, so never call these from the strand while a job may run.
  std::string prompt_text() const { return dialogue_.prompt(); }
  std::vector<uint8_t> synthesize_ulaw(std::string_view text) const {
    return tts_.synthesize_ulaw8k(text);
  }

  const Dialogue& dialogue() const { return dialogue_; }

 private:
  void on_frame(std::span<const int16_t> frame8k, int64_t frame_ms, std::vector<VadEvent>& events);
  void trim_history();

  // passed in
  EngineConfig config_;
  // owned
  Vad vad_;
  Resampler upsampler_;
  Asr asr_;
  Tts tts_;
  Dialogue dialogue_;
  // caller-leg state (strand)
  std::vector<int16_t> partial_frame_;
  int64_t partial_start_ms_ = 0;
  std::deque<int16_t> history16k_;  // recent caller audio at 16 kHz
  int64_t history_start_ms_ = -1;
  int64_t turn_start_ms_ = 0;
  // handed from strand to worker
  mutable std::mutex turns_mutex_;
  std::deque<std::vector<int16_t>> turns_;
};

}  // namespace voxgate::agent
