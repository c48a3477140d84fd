#include "callsim/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace voxgate::callsim {

namespace {

constexpr const char* kFooter =
    "Exit status: 0 if every call connected, ended cleanly and the server sent no\n"
    "unparseable or unexpected message; 1 if any call failed or any protocol error\n"
    "was seen (or the run could not start, e.g. bad WAV); 2 on a usage error.\n"
    "Example: callsim --calls 100 --seconds 30 --dtmf 1500:5 --json report.json\n"
    "         callsim --carrier vonage --sample-rate 16000 --param voxgate_stream_token=...";

constexpr const char* kDefaultHost = "ws://127.0.0.1:8080";

void add_carrier_options(CLI::App& app, SimOptions& o, std::string& carrier) {
  app.add_option("--carrier", carrier,
                 "media-stream dialect: twilio, signalwire, telnyx, plivo, exotel, vonage")
      ->capture_default_str()
      ->check(CLI::IsMember({"twilio", "signalwire", "telnyx", "plivo", "exotel", "vonage"}));
  app.add_option("--sample-rate", o.sample_rate, "vonage: audio/l16 rate of the stream")
      ->capture_default_str()
      ->check(CLI::IsMember({8000, 16000}));
  app.add_option("--reorder-window", o.reorder_window,
                 "telnyx: send media out of order, shuffled within this many frames (0 = in order)")
      ->capture_default_str()
      ->check(CLI::Range(0, 50));
}

void add_options(CLI::App& app, SimOptions& o, std::vector<std::string>& dtmf,
                 std::vector<std::string>& params, bool& silence_flag) {
  app.add_option("--url", o.url,
                 "media WebSocket (ws:// only); default " + std::string(kDefaultHost) +
                     "/media for twilio, /media/CARRIER for the others");
  app.add_option("--calls", o.calls, "concurrent calls")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  app.add_option("--ramp-per-sec", o.ramp_per_sec, "calls opened per second")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--linger", o.linger_s,
                 "after --seconds, stay on the line this long sending nothing before stop "
                 "(lets queued audio play and its marks echo)")
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--seconds", o.seconds, "stream length before the caller sends stop")
      ->capture_default_str()
      ->check(CLI::Range(0.02, 86400.0));
  app.add_option("--threads", o.threads, "I/O threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  auto* wav = app.add_option("--wav", o.wav_path, "caller audio: 8 kHz mono 16-bit WAV, looped")
                  ->check(CLI::ExistingFile);
  auto* tone = app.add_option("--tone-hz", o.tone_hz, "caller audio: a tone (the default)")
                   ->capture_default_str()
                   ->check(CLI::Range(1.0, 3999.0));
  app.add_option("--amplitude", o.tone_amplitude, "tone amplitude, fraction of full scale")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  auto* silence = app.add_flag("--silence", silence_flag, "caller audio: silence");
  wav->excludes(tone)->excludes(silence);
  tone->excludes(silence);
  app.add_option("--dtmf", dtmf, "MS:DIGIT, press DIGIT at MS since stream start (repeatable)");
  app.add_option("--param", params,
                 "K=V custom parameter of the stream's start, carried the carrier's way (Twilio "
                 "customParameters, Telnyx/Exotel custom_parameters, Plivo extra_headers, Vonage "
                 "websocket:connected headers); repeatable");
  app.add_option("--account-sid", o.account_sid, "accountSid of `start`")->capture_default_str();
  app.add_option("--call-id", o.call_id,
                 "the first call's id, as the answer webhook named it (its stream token is bound "
                 "to it); default: generated");
  app.add_option("--record-dir", o.record_dir, "write what each caller heard as WAV here")
      ->check(CLI::ExistingDirectory);
  app.add_option("--json", o.json_path, "write the full report (per call and totals) as JSON");
  app.add_option("--progress", o.progress_every_s, "progress line to stderr every S seconds")
      ->capture_default_str();
  app.add_flag("--latency-probe", o.latency_probe,
               "load bench: stamp caller frames and read the stamps fakeai (stamp_audio) puts "
               "into its audio: AI-to-caller and barge-in latency, audio heard from cancelled "
               "responses (bench/README.md)");
}

}  // namespace

bool parse_dtmf(const std::string& spec, DtmfPress& out) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos || colon + 2 != spec.size()) return false;
  const char* end = spec.data() + colon;
  auto [p, ec] = std::from_chars(spec.data(), end, out.at_ms);
  if (ec != std::errc{} || p != end || colon == 0) return false;
  const char d = spec[colon + 1];
  if (!std::isdigit(static_cast<unsigned char>(d)) && !std::strchr("*#ABCD", d)) return false;
  out.digit = std::string(1, d);
  return true;
}

std::variant<SimOptions, CliExit> parse_args(const std::vector<std::string>& args) {
  SimOptions o;
  o.progress_every_s = 5;
  std::vector<std::string> dtmf, params;
  CLI::App app{
      "callsim: caller simulator and load generator speaking a carrier's media-stream dialect",
      "callsim"};
  app.footer(kFooter);
  bool silence = false;
  std::string carrier = "twilio";
  add_options(app, o, dtmf, params, silence);
  add_carrier_options(app, o, carrier);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 parses a reversed list
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return CliExit{kExitOk, app.help()};
  } catch (const CLI::ParseError& e) {
    return CliExit{kExitUsage, std::string(e.what()) + "\nRun with --help for more information."};
  }
  o.carrier = parse_carrier(carrier).value_or(Carrier::kTwilio);  // checked by IsMember
  if (app.count("--url") == 0) o.url = kDefaultHost + default_media_path(o.carrier);
  if (app.count("--wav") > 0) o.source = SourceKind::kWav;
  if (silence) o.source = SourceKind::kSilence;
  for (const std::string& s : dtmf) {
    DtmfPress press;
    if (!parse_dtmf(s, press)) return CliExit{kExitUsage, "--dtmf: want MS:DIGIT, got '" + s + "'"};
    o.dtmf.push_back(press);
  }
  std::stable_sort(o.dtmf.begin(), o.dtmf.end(),
                   [](const DtmfPress& a, const DtmfPress& b) { return a.at_ms < b.at_ms; });
  for (const std::string& s : params) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      return CliExit{kExitUsage, "--param: want K=V, got '" + s + "'"};
    o.custom_parameters.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  if (o.url.rfind("ws://", 0) != 0) return CliExit{kExitUsage, "--url: want ws://HOST:PORT/PATH"};
  return o;
}

}  // namespace voxgate::callsim
