#pragma once
// Asr: grammar-constrained speech recognition with pocketsphinx (en-us).
//
// The general language model is useless on phone audio (ARCHITECTURE.md
// "Local agent: what was tried"), so every dialogue state registers a small
// JSGF grammar and the decoder is switched to it before each turn.
// Input is 16 kHz mono linear PCM (caller audio upsampled from 8 kHz).
//
// Owner: one LocalAgentEngine (one call): one decoder per call. Not
// thread-safe: pocketsphinx decoders must not be used from two threads at
// once; use one from one worker thread at a time.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"

struct ps_decoder_s;

namespace voxgate::agent {

struct AsrConfig {
  std::string hmm_dir = "/usr/share/pocketsphinx/model/en-us/en-us";
  std::string dict_path = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";
};

enum class AsrError { grammar_rejected, unknown_grammar, decoder_failed };

const char* to_string(AsrError e);

class Asr {
 public:
  static constexpr int kSampleRate = 16000;

  // Loads the acoustic model and dictionary; throws std::runtime_error if
  // they cannot be loaded (start-up only).
  explicit Asr(AsrConfig config = {});
  ~Asr();
  Asr(const Asr&) = delete;
  Asr& operator=(const Asr&) = delete;

  // Registers (or replaces) a JSGF grammar under `name`. Rejected if the
  // grammar does not parse or uses a word missing from the dictionary.
  common::Result<bool, AsrError> set_grammar(std::string_view name, std::string_view jsgf_text);
  common::Result<bool, AsrError> use_grammar(std::string_view name);

  // Streaming decode. Uses live cepstral mean normalisation, which starts
  // from the model's default and settles after one utterance: the first
  // streamed turn of a fresh decoder is often missed. Prefer recognise()
  // for a buffered turn.
  common::Result<bool, AsrError> start_utterance();
  void feed(std::span<const int16_t> pcm16k);
  // The best hypothesis, lower case words separated by spaces; empty when
  // nothing in the grammar matched.
  std::string end_utterance();

  // One whole buffered turn, decoded with the turn's own cepstral mean
  // (reliable from the first turn of a call).
  std::string recognise(std::span<const int16_t> pcm16k);

 private:
  ps_decoder_s* ps_ = nullptr;
  bool in_utterance_ = false;
};

}  // namespace voxgate::agent
