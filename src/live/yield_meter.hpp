#pragma once
// YieldMeter: barge-in latency for model-managed turns (BEHAVIOUR 3
// "Model-managed"): the time from the caller's speech onset, found by
// voxgate's own VAD (audio/vad.hpp) on the caller audio sent to the model,
// to the AI output going quiet (the energy gate, quiet_audio.hpp). GPT-Live
// says neither (PROTOCOLS-LIVE 5: no speech or interruption event), so the
// leg hears both sides itself. Also the caller's speech end by the same VAD,
// which starts the turn latency as the Realtime server's speech_stopped does.
//
// Rules:
// - measured only when the AI was speaking at the onset: loud output after
//   it, or a quiet run that began after it (a pause that began before the
//   onset means the AI was not speaking; a miss, never a wrong value);
// - the output has gone quiet once a run of quiet output reaches
//   `quiet_run` (a shorter pause between words is not a yield); the yield is
//   the run's first quiet delta, or the end of the last loud audio when the
//   stream stops instead of carrying silence (PROTOCOLS-LIVE 5: LiveKit
//   tolerates such providers);
// - one measurement per onset, none past `give_up` (the model talked on).
// Times are voxgate's: the caller audio's at its hand-over to the leg, the
// output's at arrival (both streams run at playback pace). Pure: time is
// passed in. Owned by one LiveTranslator; not thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "audio/vad.hpp"
#include "common/clock.hpp"
#include "live/session_start.hpp"

namespace voxgate::live {

struct YieldMeterConfig {
  common::Millis quiet_run{500};  // quiet output this long is a yield
  common::Millis give_up{10000};  // an onset unanswered this long is dropped
  // The Realtime server VAD's default silence_duration_ms
  // (realtime/session_config.hpp), so both protocols' turn latency starts
  // the same time after the caller stops.
  int end_of_turn_silence_ms = 500;
};

// What the caller audio told the meter.
struct CallerHeard {
  std::optional<double> yielded_s;  // the stream had stopped: a yield measured
  bool speech_ended = false;
};

class YieldMeter {
 public:
  explicit YieldMeter(AudioFormat format, YieldMeterConfig config = {});
  ~YieldMeter();

  // Caller audio as sent to the model: base64 in the session's format.
  CallerHeard on_caller_audio(common::TimePoint now, std::string_view payload_b64);
  // One output delta: `quiet` by the energy gate, `audio_ms` its length.
  // Seconds from onset to quiet when this delta completes a yield.
  std::optional<double> on_ai_audio(common::TimePoint now, bool quiet, int64_t audio_ms);

  uint64_t given_up() const { return given_up_; }
  int64_t audio_ms(std::string_view payload_b64) const;

 private:
  void decode(std::string_view payload_b64);
  void on_onset(common::TimePoint onset);
  std::optional<double> settle(common::TimePoint now);
  std::optional<common::TimePoint> yield_at(common::TimePoint now) const;

  // passed in
  AudioFormat format_;
  YieldMeterConfig config_;
  // owned
  std::unique_ptr<audio::Vad> vad_;  // made at the first caller audio
  std::vector<int16_t> pcm8k_, frame_;
  // state
  int64_t stream_ms_ = 0;                      // caller audio heard so far
  std::optional<common::TimePoint> onset_;     // awaiting a yield
  std::optional<common::TimePoint> loud_end_;  // end of the last loud output
  std::optional<common::TimePoint> quiet_since_;
  int64_t quiet_ms_ = 0;  // output in the current quiet run
  uint64_t given_up_ = 0;
};

}  // namespace voxgate::live
