#include "app/demo_call.hpp"

#include <iostream>
#include <stdexcept>
#include <vector>

#include "agent/tts.hpp"
#include "audio/wav_writer.hpp"

namespace voxgate::app {

void write_caller_wav(const std::string& path, std::span<const CallerLine> lines, double seconds) {
  agent::Tts tts("rms");
  std::vector<int16_t> pcm;
  for (const auto& line : lines) {
    pcm.resize(static_cast<size_t>(line.at_s * 8000), 0);
    auto speech = tts.synthesize_pcm8k(line.text);
    pcm.insert(pcm.end(), speech.begin(), speech.end());
  }
  pcm.resize(static_cast<size_t>(seconds * 8000), 0);
  auto w = audio::WavWriter::open(path, 1, 8000);
  if (!w || !w->write(pcm) || !w->close()) throw std::runtime_error("cannot write " + path);
}

std::optional<config::Config> load_demo_config(ConfigArgs args, const std::string& db_path) {
  args.flags.try_emplace("--agent", "local");
  args.flags.try_emplace("--port", "0");
  args.flags.try_emplace("--db", db_path);
  auto config = load_config(args);
  if (!config) {
    std::cerr << "configuration error: " << config.error() << "\n";
    return std::nullopt;
  }
  return std::move(config).value();
}

callsim::SimOptions demo_call(uint16_t port, const std::string& wav, double seconds,
                              callsim::Carrier carrier) {
  callsim::SimOptions sim;
  sim.carrier = carrier;
  sim.url = "ws://127.0.0.1:" + std::to_string(port) + callsim::default_media_path(carrier);
  sim.source = callsim::SourceKind::kWav;
  sim.wav_path = wav;
  sim.seconds = seconds;
  return sim;
}

}  // namespace voxgate::app
