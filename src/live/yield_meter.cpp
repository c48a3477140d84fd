#include "live/yield_meter.hpp"

#include <chrono>

#include "audio/base64.hpp"
#include "audio/g711.hpp"

namespace voxgate::live {
namespace {

double seconds(common::Duration d) {
  return std::chrono::duration<double>(d).count();
}

bool is_g711(const AudioFormat& f) {
  return f.type == "audio/pcmu" || f.type == "audio/pcma";
}

}  // namespace

YieldMeter::YieldMeter(AudioFormat format, YieldMeterConfig config)
    : format_(std::move(format)), config_(config) {}

YieldMeter::~YieldMeter() = default;

int64_t YieldMeter::audio_ms(std::string_view payload_b64) const {
  const auto bytes = static_cast<int64_t>(audio::base64_decoded_size(payload_b64));
  const int64_t bytes_per_ms = is_g711(format_) ? 8 : 2 * format_.rate / 1000;
  return bytes_per_ms > 0 ? bytes / bytes_per_ms : 0;
}

// The VAD hears 8 kHz linear PCM: G.711 is decoded, 16 and 24 kHz PCM keep
// every second or third sample (decimation without a filter: the VAD judges
// voicing from the band below 4 kHz, where speech energy lies).
void YieldMeter::decode(std::string_view payload_b64) {
  thread_local std::vector<uint8_t> bytes;
  bytes.clear();
  pcm8k_.clear();
  if (!audio::base64_decode(payload_b64, bytes)) return;
  if (format_.type == "audio/pcmu") {
    for (const uint8_t b : bytes) pcm8k_.push_back(audio::ulaw_to_linear(b));
    return;
  }
  if (format_.type == "audio/pcma") {
    for (const uint8_t b : bytes) pcm8k_.push_back(audio::alaw_to_linear(b));
    return;
  }
  const size_t step = 2 * static_cast<size_t>(std::max(format_.rate / 8000, 1));
  for (size_t i = 0; i + 1 < bytes.size(); i += step)
    pcm8k_.push_back(static_cast<int16_t>(static_cast<uint16_t>(bytes[i] | (bytes[i + 1] << 8))));
}

CallerHeard YieldMeter::on_caller_audio(common::TimePoint now, std::string_view payload_b64) {
  CallerHeard heard;
  if (!vad_) {
    audio::VadConfig vc;
    vc.end_of_turn_silence_ms = config_.end_of_turn_silence_ms;
    vad_ = std::make_unique<audio::Vad>(vc);
  }
  decode(payload_b64);
  std::optional<int64_t> onset_ms;
  for (const int16_t s : pcm8k_) {
    frame_.push_back(s);
    if (frame_.size() < audio::Vad::kFrameSamples) continue;
    const audio::VadEvent ev = vad_->push(frame_, stream_ms_);
    frame_.clear();
    stream_ms_ += audio::Vad::kFrameMs;
    if (ev.kind == audio::VadEvent::Kind::speech_started) onset_ms = ev.audio_start_ms;
    if (ev.kind == audio::VadEvent::Kind::speech_stopped) heard.speech_ended = true;
  }
  // The payload's last sample is `now`; its first voiced frame that far back.
  if (onset_ms) {
    const int64_t heard_ms = stream_ms_ + static_cast<int64_t>(frame_.size()) / 8;
    on_onset(now - common::Millis(heard_ms - *onset_ms));
  }
  heard.yielded_s = settle(now);
  return heard;
}

void YieldMeter::on_onset(common::TimePoint onset) {
  if (onset_ || !loud_end_) return;
  const bool speaking = quiet_since_ ? *quiet_since_ >= onset : *loud_end_ >= onset;
  if (speaking) onset_ = onset;
}

std::optional<double> YieldMeter::on_ai_audio(common::TimePoint now, bool quiet, int64_t audio_ms) {
  if (!quiet) {
    loud_end_ = now + common::Millis(audio_ms);
    quiet_since_.reset();
    quiet_ms_ = 0;
  } else if (loud_end_) {
    if (!quiet_since_) quiet_since_ = now;
    quiet_ms_ += audio_ms;
  }
  return settle(now);
}

std::optional<common::TimePoint> YieldMeter::yield_at(common::TimePoint now) const {
  if (quiet_since_) {
    if (quiet_ms_ >= config_.quiet_run.count()) return quiet_since_;
    return std::nullopt;
  }
  // No delta since the last loud one: the stream stopped.
  if (loud_end_ && now >= *loud_end_ + config_.quiet_run) return loud_end_;
  return std::nullopt;
}

std::optional<double> YieldMeter::settle(common::TimePoint now) {
  if (!onset_) return std::nullopt;
  if (auto y = yield_at(now); y && *y >= *onset_) {
    const double s = seconds(*y - *onset_);
    onset_.reset();
    return s;
  }
  if (now - *onset_ > config_.give_up) {
    ++given_up_;
    onset_.reset();
  }
  return std::nullopt;
}

}  // namespace voxgate::live
