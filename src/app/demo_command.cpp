// `voxgate demo`: a real spoken phone call, end to end, offline. voxgate
// serves on a loopback port with its local agent (the dental receptionist),
// and a simulated caller (tools/callsim; Twilio's media stream, or another
// carrier's with --carrier) speaks lines synthesised in a different voice;
// the agent recognises them, answers, books and hangs up. Prints the
// transcript and where the recording is.

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <random>
#include <thread>

#include "app/commands.hpp"
#include "app/config_options.hpp"
#include "app/demo_call.hpp"
#include "app/demo_summary.hpp"
#include "app/voxgate_app.hpp"
#include "callsim/simulation.hpp"
#include "server/api.hpp"

namespace voxgate::app {
namespace {

constexpr CallerLine kCallerScript[] = {
    {6.0, "i would like to book an appointment"},
    {11.0, "on wednesday"},
    {19.0, "in the afternoon"},
    {27.0, "yes please"},
};
constexpr double kCallSeconds = 50.0;

void print_record(const store::CallRecord& r) {
  std::cout << "\n=== call " << r.id << " ended: " << r.end_reason << " ===\n";
  for (const auto& t : r.turns) {
    std::cout << "  [" << (t.at_ms / 1000.0) << " s] " << (t.role == "agent" ? "agent " : "caller")
              << ": " << t.text << (t.interrupted ? "  (interrupted)" : "") << "\n";
  }
  if (r.first_audio_ms) std::cout << "  time to first AI audio: " << *r.first_audio_ms << " ms\n";
  for (const auto& e : r.events) {
    if (e.kind == "barge_in") {
      std::cout << "  [" << (e.at_ms / 1000.0) << " s] barge-in: the caller talked over the agent"
                << (e.latency_ms ? ", cleared in " + std::to_string(*e.latency_ms) + " ms" : "")
                << "\n";
    }
  }
  if (r.turn_latency_ms) {
    std::cout << "  turn latency (caller stops -> agent audio): " << *r.turn_latency_ms
              << " ms mean\n";
  }
  if (!r.recording_path.empty())
    std::cout << "  recording (stereo WAV): " << r.recording_path << "\n";
}

// From `since_ms` (unix epoch ms; scripts/demo.sh passes its own start) to
// the agent's first audio at the caller: what a new user waits.
void print_wait(const store::CallRecord& r, int64_t since_ms) {
  if (since_ms <= 0 || !r.first_audio_ms) return;
  const double first_word_ms = static_cast<double>(r.started_at_ms) + *r.first_audio_ms;
  const double waited_s = (first_word_ms - static_cast<double>(since_ms)) / 1000.0;
  const int minutes = static_cast<int>(waited_s / 60);
  std::cout << "  first agent word: " << minutes << " min "
            << static_cast<int>(waited_s - minutes * 60.0) << " s after the command started\n";
}

// The dashboard of the demo's own voxgate, with the token to sign in: the
// process has just made that token up, so only its user can know it.
void offer_dashboard(const VoxgateApp& vox, int stay_seconds) {
  const std::string url = "http://127.0.0.1:" + std::to_string(vox.port()) + "/dashboard/";
  if (stay_seconds <= 0) {
    std::cout << "  dashboard: run with --stay 300 to browse this call at " << url << "\n";
    return;
  }
  std::cout << "  dashboard: " << url << " (sign in with the API token " << vox.config().api.token
            << "); serving for " << stay_seconds << " s, Ctrl-C to stop sooner\n"
            << std::flush;
  std::this_thread::sleep_for(std::chrono::seconds(stay_seconds));
}

std::string demo_api_token() {
  std::random_device rd;
  return "demo-" + std::to_string(rd()) + std::to_string(rd());
}

// What `voxgate demo` was asked for.
struct DemoRequest {
  ConfigArgs args;
  std::string out = "voxgate-demo";
  std::string carrier = "twilio";
  int64_t since_ms = 0;
  int stay = 0;
  std::string protocol = "realtime";
  bool protocol_given = false;
};

// Prints the call's outcome; true when it went as a demo should.
bool report_demo(VoxgateApp& vox, const DemoRequest& r, const callsim::CallReport& c) {
  auto record = vox.store() ? vox.store()->get(c.call_sid) : std::nullopt;
  if (record) {
    print_record(*record);
    print_wait(*record, r.since_ms);
    const std::string json_path = r.out + "/transcript.json";
    std::ofstream(json_path) << server::record_json(*record, false) << "\n";
    std::cout << "  transcript (JSON): " << json_path << "\n";
  }
  std::cout << "  caller heard " << static_cast<double>(c.bytes_played) / 8000.0
            << " s of agent audio; " << c.marks_echoed
            << " marks echoed; protocol errors: " << c.protocol_errors
            << "\n  caller-side recording: " << c.record_path << "\n  call records: " << r.out
            << "/calls.db\n";
  return record && c.protocol_errors == 0;
}

int run_demo(const DemoRequest& r) {
  std::filesystem::create_directories(r.out);
  ConfigArgs a = r.args;
  a.flags.try_emplace("--recordings", r.out);
  // The simulated caller dials /media directly, not through /twiml: it has
  // no stream token to show.
  a.sets.push_back("server.stream_token=false");
  // Given explicitly only: otherwise a --set ai.protocol=... stands.
  if (r.protocol_given) a.sets.push_back("ai.protocol=" + r.protocol);
  auto config = load_demo_config(a, r.out + "/calls.db");
  if (!config) return 2;
  if (!apply_logging(*config)) return 2;
  // The demo reads its own call back through the API: it needs a token.
  if (config->api.token.empty()) config->api.token = demo_api_token();
  std::cout << "voxgate demo: synthesising the caller's lines...\n";
  const std::string caller_wav = r.out + "/caller.wav";
  write_caller_wav(caller_wav, kCallerScript, kCallSeconds);
  VoxgateApp vox(std::move(*config));
  if (auto started = vox.start(); !started) {
    std::cerr << started.error() << "\n";
    return 1;
  }
  const auto dialect = callsim::parse_carrier(r.carrier).value_or(callsim::Carrier::kTwilio);
  std::cout << "voxgate on 127.0.0.1:" << vox.port() << " (AI leg: " << to_string(vox.agent_mode())
            << ", " << vox.config().ai.protocol << "); calling it now as a " << r.carrier
            << " media stream, about 40 s...\n";
  callsim::SimOptions sim = demo_call(vox.port(), caller_wav, kCallSeconds, dialect);
  sim.record_dir = r.out + "/heard";
  const auto report = callsim::run_simulation(sim);
  // While voxgate still serves: what curl /metrics and the API show.
  const bool served =
      !report.calls.empty() &&
      print_served_summary(vox.port(), report.calls[0].call_sid, vox.config().api.token, std::cout);
  offer_dashboard(vox, r.stay);
  vox.stop(std::chrono::seconds(5));
  if (report.calls.empty() || !report.calls[0].connected) {
    std::cerr << "the simulated call failed: "
              << (report.calls.empty() ? report.setup_error : report.calls[0].error) << "\n";
    return 1;
  }
  return report_demo(vox, r, report.calls[0]) && served ? 0 : 1;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto r = std::make_shared<DemoRequest>();
  CLI::App* cmd = app.add_subcommand(
      "demo",
      "A real spoken call, end to end and offline: a simulated caller books a dental "
      "appointment with voxgate's local agent. Prints the transcript; keeps the recording.");
  add_config_options(*cmd, r->args);
  cmd->add_option("--out", r->out, "Directory for the call database and recordings")
      ->capture_default_str();
  cmd->add_option("--carrier", r->carrier,
                  "Media-stream dialect the simulated caller speaks (README \"Other carriers\")")
      ->capture_default_str()
      ->check(CLI::IsMember({"twilio", "signalwire", "telnyx", "plivo", "exotel", "vonage"}));
  cmd->add_option("--since-ms", r->since_ms,
                  "Also print the time from this moment (unix epoch ms) to the agent's first "
                  "word; scripts/demo.sh passes its own start, setup and build included");
  cmd->add_option("--stay", r->stay,
                  "After the call, keep serving this many seconds so the dashboard "
                  "(printed with its sign-in token) can be opened")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
  auto* protocol_opt =
      cmd->add_option("--protocol", r->protocol,
                      "AI-leg protocol between voxgate and the local agent: the OpenAI Realtime "
                      "API (/v1/realtime) or GPT-Live (/v1/live/sessions); sets ai.protocol")
          ->capture_default_str()
          ->check(CLI::IsMember({"realtime", "live"}));
  return [cmd, r, protocol_opt]() -> int {
    if (!cmd->parsed()) return -1;
    r->protocol_given = protocol_opt->count() > 0;
    return run_demo(*r);
  };
}

}  // namespace voxgate::app
