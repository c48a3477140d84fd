#include "agent/tts.hpp"

#include <flite/flite.h>

#include <map>
#include <mutex>
#include <stdexcept>

#include "agent/resampler.hpp"
#include "audio/g711.hpp"

extern "C" {
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_kal16(const char* voxdir);
}

namespace voxgate::agent {
namespace {

constexpr int kPhoneRate = 8000;
constexpr int kResampleQuality = 5;  // offline, so spend a little more than VoIP's 3

std::once_flag g_init_once;
std::mutex g_synth_mutex;
std::map<std::string, cst_voice*, std::less<>>* g_voices = nullptr;

// flite_init and voice registration mutate global tables; done once.
void init_flite() {
  std::call_once(g_init_once, [] {
    flite_init();
    static std::map<std::string, cst_voice*, std::less<>> voices{
        {"slt", register_cmu_us_slt(nullptr)},
        {"rms", register_cmu_us_rms(nullptr)},
        {"kal16", register_cmu_us_kal16(nullptr)},
    };
    g_voices = &voices;
  });
}

}  // namespace

bool Tts::has_voice(std::string_view name) {
  init_flite();
  auto it = g_voices->find(name);
  return it != g_voices->end() && it->second != nullptr;
}

Tts::Tts(std::string voice) : voice_(std::move(voice)) {
  if (!has_voice(voice_))
    throw std::invalid_argument("unknown flite voice '" + voice_ + "' (slt, rms, kal16)");
  flite_voice_ = g_voices->find(voice_)->second;
}

PcmAudio Tts::synthesize_pcm(std::string_view text) const {
  PcmAudio out;
  const std::string t(text);
  std::lock_guard lock(g_synth_mutex);
  cst_wave* w = flite_text_to_wave(t.c_str(), static_cast<cst_voice*>(flite_voice_));
  if (w == nullptr) return out;
  out.sample_rate = w->sample_rate;
  out.samples.assign(w->samples, w->samples + w->num_samples * w->num_channels);
  delete_wave(w);
  return out;
}

std::vector<int16_t> Tts::synthesize_pcm8k(std::string_view text) const {
  PcmAudio pcm = synthesize_pcm(text);
  if (pcm.samples.empty()) return {};
  if (pcm.sample_rate == kPhoneRate) return std::move(pcm.samples);
  Resampler rs(pcm.sample_rate, kPhoneRate, kResampleQuality);
  std::vector<int16_t> out = rs.process(pcm.samples);
  rs.flush(out);
  return out;
}

std::vector<uint8_t> Tts::synthesize_ulaw8k(std::string_view text) const {
  const std::vector<int16_t> pcm = synthesize_pcm8k(text);
  std::vector<uint8_t> out(pcm.size());
  audio::ulaw_encode(pcm, out);
  return out;
}

}  // namespace voxgate::agent
