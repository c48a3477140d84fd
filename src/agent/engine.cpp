#include "agent/engine.hpp"

#include <algorithm>
#include <chrono>

#include "audio/g711.hpp"

namespace voxgate::agent {
namespace {

constexpr int64_t kSamplesPerMs16k = LocalAgentEngine::kAsrRate / 1000;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

LocalAgentEngine::LocalAgentEngine(std::shared_ptr<const AgentSpec> spec,
                                   std::shared_ptr<AsrPool> asr,
                                   std::shared_ptr<SpeechCache> speech, EngineConfig config)
    : config_(std::move(config)),
      vad_(config_.vad),
      upsampler_(kCallerRate, kAsrRate),
      asr_(std::move(asr)),
      speech_(std::move(speech)),
      dialogue_(std::move(spec)) {}

std::vector<audio::VadEvent> LocalAgentEngine::push_caller_ulaw(std::span<const uint8_t> frame,
                                                                int64_t stream_ms) {
  std::vector<audio::VadEvent> events;
  std::vector<int16_t> pcm(frame.size());
  audio::ulaw_decode(frame, pcm);
  if (partial_frame_.empty()) partial_start_ms_ = stream_ms;
  size_t pos = 0;
  while (pos < pcm.size()) {
    const size_t take =
        std::min(audio::Vad::kFrameSamples - partial_frame_.size(), pcm.size() - pos);
    partial_frame_.insert(partial_frame_.end(), pcm.begin() + static_cast<long>(pos),
                          pcm.begin() + static_cast<long>(pos + take));
    pos += take;
    if (partial_frame_.size() == audio::Vad::kFrameSamples) {
      on_frame(partial_frame_, partial_start_ms_, events);
      partial_frame_.clear();
      partial_start_ms_ = stream_ms + static_cast<int64_t>(pos) * 1000 / kCallerRate;
    }
  }
  return events;
}

void LocalAgentEngine::on_frame(std::span<const int16_t> frame8k, int64_t frame_ms,
                                std::vector<audio::VadEvent>& events) {
  if (history_start_ms_ < 0) history_start_ms_ = frame_ms;
  const std::vector<int16_t> up = upsampler_.process(frame8k);
  history16k_.insert(history16k_.end(), up.begin(), up.end());

  const audio::VadEvent ev = vad_.push(frame8k, frame_ms);
  if (ev.kind == audio::VadEvent::Kind::speech_started) {
    turn_start_ms_ = ev.audio_start_ms;
  } else if (ev.kind == audio::VadEvent::Kind::speech_stopped) {
    const int64_t from = std::max<int64_t>(
        0, (turn_start_ms_ - config_.pre_roll_ms - history_start_ms_) * kSamplesPerMs16k);
    const int64_t to = std::clamp<int64_t>(
        (ev.audio_end_ms + config_.tail_ms - history_start_ms_) * kSamplesPerMs16k, from,
        static_cast<int64_t>(history16k_.size()));
    std::vector<int16_t> turn(history16k_.begin() + from, history16k_.begin() + to);
    std::lock_guard lock(turns_mutex_);
    turns_.push_back(std::move(turn));
  }
  if (ev.kind != audio::VadEvent::Kind::none) events.push_back(ev);
  if (!vad_.in_speech()) trim_history();
}

// Outside a turn only the audio a future turn could reach back to is kept:
// the VAD's start window, its gap tolerance and the pre-roll.
void LocalAgentEngine::trim_history() {
  const int64_t keep_ms =
      config_.vad.speech_start_ms + config_.vad.gap_tolerance_ms + config_.pre_roll_ms + 100;
  const auto keep = static_cast<size_t>(keep_ms * kSamplesPerMs16k);
  if (history16k_.size() <= keep) return;
  // Whole milliseconds, so history_start_ms_ stays exact.
  const size_t drop = (history16k_.size() - keep) / kSamplesPerMs16k * kSamplesPerMs16k;
  history16k_.erase(history16k_.begin(), history16k_.begin() + static_cast<long>(drop));
  history_start_ms_ += static_cast<int64_t>(drop) / kSamplesPerMs16k;
}

bool LocalAgentEngine::has_pending_turn() const {
  std::lock_guard lock(turns_mutex_);
  return !turns_.empty();
}

TurnResult LocalAgentEngine::recognise_and_reply_or_drop() noexcept {
  try {
    return recognise_and_reply();
  } catch (const std::exception&) {
    return TurnResult{};
  }
}

TurnResult LocalAgentEngine::recognise_and_reply() {
  TurnResult result;
  std::vector<int16_t> audio;
  {
    std::lock_guard lock(turns_mutex_);
    if (turns_.empty()) return result;
    audio = std::move(turns_.front());
    turns_.pop_front();
  }
  result.had_turn = true;
  result.caller_audio_s = static_cast<double>(audio.size()) / kAsrRate;

  auto t0 = std::chrono::steady_clock::now();
  {
    AsrPool::Lease asr = asr_->acquire();
    // Every decoder has every state's grammar (AsrPool::make_decoder), so
    // this cannot fail for a state of this spec.
    (void)asr->use_grammar(dialogue_.current_state());
    result.transcript = asr->recognise(audio);
  }
  result.asr_s = seconds_since(t0);

  reply(result);
  return result;
}

TurnResult LocalAgentEngine::reply_to_text(std::string text) {
  TurnResult result;
  result.had_turn = true;
  result.transcript = std::move(text);
  reply(result);
  return result;
}

void LocalAgentEngine::reply(TurnResult& result) {
  result.turn = dialogue_.on_caller_text(result.transcript);
  const auto t0 = std::chrono::steady_clock::now();
  if (!result.turn.reply.empty()) result.reply_ulaw = *speech_->get(result.turn.reply);
  result.tts_s = seconds_since(t0);
}

}  // namespace voxgate::agent
