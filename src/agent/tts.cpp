#include "agent/tts.hpp"

#include <flite/flite.h>

#include <map>
#include <mutex>
#include <stdexcept>

#include "audio/g711.hpp"
#include "audio/resampler.hpp"

extern "C" {
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_kal16(const char* voxdir);
// Each voice library remembers the voice it registered here and hands it
// back to every later register call; clearing it makes the next call build
// a new instance.
extern cst_voice* cmu_us_slt_cg;
extern cst_voice* cmu_us_rms_cg;
extern cst_voice* cmu_us_kal16_diphone;
}

namespace voxgate::agent {
namespace {

constexpr int kPhoneRate = 8000;
constexpr int kResampleQuality = 5;  // offline, so spend a little more than VoIP's 3

struct VoiceLib {
  cst_voice* (*reg)(const char*);
  cst_voice** registered;
};

const std::map<std::string, VoiceLib, std::less<>>& voice_libs() {
  static const std::map<std::string, VoiceLib, std::less<>> libs{
      {"slt", {register_cmu_us_slt, &cmu_us_slt_cg}},
      {"rms", {register_cmu_us_rms, &cmu_us_rms_cg}},
      {"kal16", {register_cmu_us_kal16, &cmu_us_kal16_diphone}},
  };
  return libs;
}

// flite_init, the lexicon's set-up and voice registration write process
// globals, so they run one at a time; synthesis itself does not.
std::mutex g_register_mutex;

cst_voice* new_voice_instance(const VoiceLib& lib) {
  static std::once_flag init_once;
  std::call_once(init_once, [] { flite_init(); });
  std::lock_guard lock(g_register_mutex);
  cst_voice* const kept = *lib.registered;
  *lib.registered = nullptr;
  cst_voice* v = lib.reg(nullptr);
  *lib.registered = kept != nullptr ? kept : v;
  return v;
}

// flite is thread safe after initialisation (its README) except for what a
// voice instance holds: synthesis links the voice's feature list into each
// utterance and counts references on its values without atomics. So each
// thread synthesises with its own instance of each voice, made on its first
// synthesis and freed when the thread ends.
struct ThreadVoices {
  std::map<std::string, cst_voice*, std::less<>> voices;
  ~ThreadVoices() {
    for (auto& [name, v] : voices) {
      std::lock_guard lock(g_register_mutex);
      if (*voice_libs().at(name).registered != v) delete_voice(v);
    }
  }
  cst_voice* get(const std::string& name) {
    auto it = voices.find(name);
    if (it == voices.end()) {
      it = voices.emplace(name, new_voice_instance(voice_libs().at(name))).first;
    }
    return it->second;
  }
};

cst_voice* thread_voice(const std::string& name) {
  thread_local ThreadVoices voices;
  return voices.get(name);
}

}  // namespace

bool Tts::has_voice(std::string_view name) {
  return voice_libs().find(name) != voice_libs().end();
}

Tts::Tts(std::string voice) : voice_(std::move(voice)) {
  if (!has_voice(voice_))
    throw std::invalid_argument("unknown flite voice '" + voice_ + "' (slt, rms, kal16)");
  if (thread_voice(voice_) == nullptr)
    throw std::invalid_argument("flite voice '" + voice_ + "' failed to load");
}

PcmAudio Tts::synthesize_pcm(std::string_view text) const {
  PcmAudio out;
  const std::string t(text);
  cst_wave* w = flite_text_to_wave(t.c_str(), thread_voice(voice_));
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
  audio::Resampler rs(pcm.sample_rate, kPhoneRate, kResampleQuality);
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
