#pragma once
// SimOptions: everything one simulation run needs; filled by the CLI
// (cli.hpp) or directly by in-process tests. Plain data.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "callsim/dialect.hpp"

namespace voxgate::callsim {

// A DTMF digit the caller presses at a time since stream start.
struct DtmfPress {
  uint64_t at_ms = 0;
  std::string digit;
  bool operator==(const DtmfPress&) const = default;
};

// What the caller says.
enum class SourceKind { kTone, kSilence, kWav };

struct SimOptions {
  std::string url = "ws://127.0.0.1:8080/media";
  Carrier carrier = Carrier::kTwilio;  // the media-stream dialect the callers speak
  int sample_rate = 8000;              // Vonage: audio/l16 at 8000 or 16000
  int reorder_window = 0;              // Telnyx: media sent shuffled within this many frames
  int calls = 1;
  double ramp_per_sec = 200;  // new calls opened per second
  double seconds = 10;        // how long the caller speaks (sends its source audio)
  // Then it stays on the line this long, silent, letting queued audio play
  // out and its marks echo, before it sends `stop`.
  double linger_s = 0;
  int threads = 1;  // io_context threads (run_simulation only)

  SourceKind source = SourceKind::kTone;
  double tone_hz = 440;
  double tone_amplitude = 0.3;  // fraction of full scale
  std::string wav_path;         // 8 kHz mono 16-bit; looped
  std::vector<DtmfPress> dtmf;  // sorted by at_ms

  std::string account_sid = "AC00000000000000000000000000000000";
  // The first call's id as the carrier's answer webhook named it (the stream
  // token from /answer/<carrier> is bound to it); empty: generated.
  std::string call_id;
  // Carried in each carrier's own way (dialect.hpp), the stream token too.
  std::vector<std::pair<std::string, std::string>> custom_parameters;

  std::string record_dir;       // one WAV per call of what the caller heard
  bool keep_heard = false;      // keep heard mu-law bytes in CallReport (tests)
  std::string json_path;        // full report as JSON
  double progress_every_s = 0;  // progress line to stderr; 0 = never

  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds close_grace{2000};  // wait for the close handshake

  // Latency hook: called with each outbound media payload (decoded mu-law) and
  // ms since stream start; a returned value is stored as a latency sample in ms.
  // `--latency-probe` selects the built-in probe instead (latency_probe.hpp):
  // it stamps caller frames and fills latency_ms, barge_in_ms, heard_cancelled.
  // The stamps are mu-law bytes: they survive only the mu-law dialects
  // (twilio, signalwire, telnyx, plivo), not the PCM ones (exotel, vonage).
  bool latency_probe = false;
  std::function<std::optional<double>(std::span<const uint8_t>, double)> latency_hook;
};

}  // namespace voxgate::callsim
