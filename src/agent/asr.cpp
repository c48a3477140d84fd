#include "agent/asr.hpp"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace voxgate::agent {
namespace {

std::once_flag g_quiet_once;
// ps_init() (re)opens sphinxbase's process-global log file (-logfn): decoders
// created on two threads at once race on it (TSan, 20 concurrent calls).
std::mutex g_init_mutex;

}  // namespace

const char* to_string(AsrError e) {
  switch (e) {
    case AsrError::grammar_rejected:
      return "grammar_rejected";
    case AsrError::unknown_grammar:
      return "unknown_grammar";
    case AsrError::decoder_failed:
      return "decoder_failed";
  }
  return "unknown";
}

Asr::Asr(AsrConfig config) {
  // sphinxbase logs globally and verbosely (every model parameter); silence
  // it before the first decoder so nothing reaches stderr.
  std::call_once(g_quiet_once, [] { err_set_logfp(nullptr); });
  cmd_ln_t* cfg =
      cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", config.hmm_dir.c_str(), "-dict",
                  config.dict_path.c_str(), "-logfn", "/dev/null", "-samprate", "16000", nullptr);
  if (cfg == nullptr) throw std::runtime_error("pocketsphinx: bad configuration");
  {
    std::lock_guard lock(g_init_mutex);
    ps_ = ps_init(cfg);
  }
  cmd_ln_free_r(cfg);  // ps_init holds its own reference
  if (ps_ == nullptr) {
    throw std::runtime_error("pocketsphinx: cannot load model " + config.hmm_dir + " / " +
                             config.dict_path);
  }
}

Asr::~Asr() {
  if (ps_ != nullptr) ps_free(ps_);
}

common::Result<bool, AsrError> Asr::set_grammar(std::string_view name, std::string_view jsgf_text) {
  const std::string n(name);
  const std::string text(jsgf_text);
  if (ps_set_jsgf_string(ps_, n.c_str(), text.c_str()) != 0) {
    return common::unexpected(AsrError::grammar_rejected);
  }
  return true;
}

common::Result<bool, AsrError> Asr::use_grammar(std::string_view name) {
  const std::string n(name);
  if (ps_set_search(ps_, n.c_str()) != 0) return common::unexpected(AsrError::unknown_grammar);
  return true;
}

common::Result<bool, AsrError> Asr::start_utterance() {
  if (in_utterance_) ps_end_utt(ps_);
  if (ps_start_utt(ps_) != 0) return common::unexpected(AsrError::decoder_failed);
  in_utterance_ = true;
  return true;
}

void Asr::feed(std::span<const int16_t> pcm16k) {
  if (!in_utterance_ || pcm16k.empty()) return;
  ps_process_raw(ps_, pcm16k.data(), pcm16k.size(), FALSE, FALSE);
}

std::string Asr::end_utterance() {
  if (!in_utterance_) return {};
  in_utterance_ = false;
  ps_end_utt(ps_);
  int32 score = 0;
  const char* hyp = ps_get_hyp(ps_, &score);
  return hyp != nullptr ? std::string(hyp) : std::string();
}

std::string Asr::recognise(std::span<const int16_t> pcm16k) {
  if (!start_utterance()) return {};
  // full_utt: with the whole turn at hand, cepstral mean normalisation uses
  // the turn's own mean instead of a running estimate. The running estimate
  // starts from the model's default and misrecognised the first turn of a
  // call on phone audio (measured: empty hypothesis for a clear sentence).
  if (!pcm16k.empty()) ps_process_raw(ps_, pcm16k.data(), pcm16k.size(), FALSE, TRUE);
  return end_utterance();
}

}  // namespace voxgate::agent
