#pragma once
// LocalAgentEngine: one call's offline voice agent, VAD -> ASR -> Dialogue
// -> TTS, with no sockets. The Realtime-compatible server wraps it: caller
// audio frames go in from the call's strand, turn events come out, and the
// blocking recognise_and_reply() runs on a worker pool and posts its result
// back (ARCHITECTURE.md "Concurrency": no ASR/TTS on an I/O thread).
//
// Owner: the server's per-connection session. Thread affinity:
// - push_caller_ulaw(): one thread at a time (the strand);
// - recognise_and_reply(), prompt_text(): one thread at a time (one worker
//   job per call in flight), possibly concurrently with push_caller_ulaw();
//   the only state they share is the queue of finished turns, guarded by a
//   mutex.
// Speech comes from the SpeechCache and decoders from the AsrPool, both
// shared by every call and filled at start-up, so an engine is cheap to
// build: VAD, resampler and dialogue state.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent_spec.hpp"
#include "agent/asr_pool.hpp"
#include "agent/dialogue.hpp"
#include "agent/speech_cache.hpp"
#include "audio/resampler.hpp"
#include "audio/vad.hpp"

namespace voxgate::agent {

struct EngineConfig {
  audio::VadConfig vad;
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

  // asr: decoders with `spec`'s grammars (AsrPool::build).
  LocalAgentEngine(std::shared_ptr<const AgentSpec> spec, std::shared_ptr<AsrPool> asr,
                   std::shared_ptr<SpeechCache> speech, EngineConfig config = {});

  // frame: caller mu-law at 8 kHz, any length (Twilio sends 20 ms);
  // stream_ms: stream time of its first sample. Returns the VAD events the
  // frame completed (usually none).
  std::vector<audio::VadEvent> push_caller_ulaw(std::span<const uint8_t> frame, int64_t stream_ms);

  // Strand side, like push_caller_ulaw(): the VAD's end-of-turn silence.
  void set_end_of_turn_silence_ms(int ms) { vad_.set_end_of_turn_silence_ms(ms); }
  int end_of_turn_silence_ms() const { return vad_.end_of_turn_silence_ms(); }

  bool has_pending_turn() const;
  // Blocking (tens of ms per second of speech): recognises the oldest
  // finished turn with the current state's grammar, advances the dialogue
  // and synthesises the reply.
  TurnResult recognise_and_reply();
  // The same for a worker job: a turn that throws is dropped (had_turn
  // false) and the call goes on.
  TurnResult recognise_and_reply_or_drop() noexcept;
  // Worker side: the same for a caller's typed text (a user
  // conversation.item.create), no recognition.
  TurnResult reply_to_text(std::string text);

  std::string greeting_text() const { return dialogue_.greeting(); }
  // Worker side, like recognise_and_reply(): the dialogue state is shared
  // with it, so never call this from the strand while a job may run.
  std::string prompt_text() const { return dialogue_.prompt(); }
  // 8 kHz mu-law for `text`: from memory, or synthesised once (blocking).
  SpeechCache::Audio speak(std::string_view text) const { return speech_->get(text); }

  const Dialogue& dialogue() const { return dialogue_; }

 private:
  void on_frame(std::span<const int16_t> frame8k, int64_t frame_ms,
                std::vector<audio::VadEvent>& events);
  void trim_history();
  // Advances the dialogue on result.transcript and synthesises the reply.
  void reply(TurnResult& result);

  // passed in
  EngineConfig config_;
  // owned
  audio::Vad vad_;
  audio::Resampler upsampler_;
  std::shared_ptr<AsrPool> asr_;
  std::shared_ptr<SpeechCache> speech_;
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
