// `voxgate demo-transfer`: a tool call in a real spoken call, offline (issue 9).
// The simulated caller asks the local dental agent for a person; the agent
// says its handoff line and calls transfer_call; voxgate lets the line play,
// closes the stream, and answers Twilio's <Connect action> request with <Dial>.
// Prints the call's timeline with the tool events and both TwiML answers.

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "agent/tts.hpp"
#include "app/commands.hpp"
#include "app/config_options.hpp"
#include "app/voxgate_app.hpp"
#include "audio/wav_writer.hpp"
#include "callsim/simulation.hpp"
#include "net/http_client.hpp"

namespace voxgate::app {
namespace {

constexpr double kLineAt = 6.0;  // after the greeting
constexpr const char* kLine = "can i speak to a person";
constexpr double kCallSeconds = 20.0;
constexpr const char* kDemoTarget = "+15550100";  // examples/agents/dental.toml

std::string write_caller_wav(const std::string& dir) {
  agent::Tts tts("rms");  // the agent speaks with "slt"
  std::vector<int16_t> pcm(static_cast<size_t>(kLineAt * 8000), 0);
  auto speech = tts.synthesize_pcm8k(kLine);
  pcm.insert(pcm.end(), speech.begin(), speech.end());
  pcm.resize(static_cast<size_t>(kCallSeconds * 8000), 0);
  const std::string path = dir + "/transfer_caller.wav";
  auto w = audio::WavWriter::open(path, 1, 8000);
  if (!w || !w->write(pcm) || !w->close()) throw std::runtime_error("cannot write " + path);
  return path;
}

// What Twilio would send: a form POST to voxgate's TwiML routes.
std::string post_form(uint16_t port, const std::string& path, const std::string& form) {
  boost::asio::io_context io;
  net::HttpClient client;
  net::HttpPost req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + path;
  req.content_type = "application/x-www-form-urlencoded";
  req.body = form;
  std::optional<net::HttpResult> result;
  client.post(io.get_executor(), req, [&](net::HttpResult r) { result.emplace(std::move(r)); });
  io.run();
  if (!result || !*result) return "(request failed)";
  return (*result)->body;
}

void print_timeline(const store::CallRecord& r) {
  std::cout << "\n=== call " << r.id << " ended: " << r.end_reason << " ===\n";
  std::vector<std::pair<int64_t, std::string>> lines;  // by time: turns and tool events
  for (const auto& t : r.turns) {
    lines.emplace_back(t.at_ms, (t.role == "agent" ? "agent : " : "caller: ") + t.text);
  }
  for (const auto& e : r.events) {
    if (e.kind == "tool_call" || e.kind == "tool_result" || e.kind == "transfer") {
      lines.emplace_back(e.at_ms, e.kind + ": " + e.detail);
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [at, text] : lines)
    std::cout << "  [" << (at / 1000.0) << " s] " << text << "\n";
}

}  // namespace

Command add_demo_transfer_command(CLI::App& app) {
  auto args = std::make_shared<ConfigArgs>();
  auto out = std::make_shared<std::string>("voxgate-demo");
  CLI::App* cmd = app.add_subcommand(
      "demo-transfer",
      "A tool call in a spoken call, offline: the caller asks the local agent for a person, "
      "the agent calls transfer_call, and voxgate answers Twilio's action request with <Dial>.");
  add_config_options(*cmd, *args);
  cmd->add_option("--out", *out, "Directory for the call database")->capture_default_str();
  return [cmd, args, out]() -> int {
    if (!cmd->parsed()) return -1;
    std::filesystem::create_directories(*out);
    ConfigArgs a = *args;
    if (a.agent.empty()) a.agent = "local";
    if (a.port < 0) a.port = 0;
    if (a.db.empty()) a.db = *out + "/transfer_calls.db";
    auto config = load_config(a);
    if (!config) {
      std::cerr << "configuration error: " << config.error() << "\n";
      return 2;
    }
    if (config->tools.transfer_allow.empty()) config->tools.transfer_allow = {kDemoTarget};
    if (!apply_logging(*config)) return 2;
    std::cout << "voxgate demo-transfer: synthesising the caller's line...\n";
    const std::string caller_wav = write_caller_wav(*out);
    VoxgateApp vox(std::move(config).value());
    if (auto r = vox.start(); !r) {
      std::cerr << r.error() << "\n";
      return 1;
    }
    std::cout << "POST /twiml ->\n  " << post_form(vox.port(), "/twiml", "CallSid=CAdemo") << "\n"
              << "calling voxgate on 127.0.0.1:" << vox.port() << ", about 15 s...\n";
    callsim::SimOptions sim;
    sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
    sim.source = callsim::SourceKind::kWav;
    sim.wav_path = caller_wav;
    sim.seconds = kCallSeconds;
    const auto report = callsim::run_simulation(sim);
    if (report.calls.empty() || !report.calls[0].connected) {
      vox.stop(std::chrono::seconds(5));
      std::cerr << "the simulated call failed\n";
      return 1;
    }
    const auto& c = report.calls[0];
    const std::string dial = post_form(vox.port(), "/twiml/after", "CallSid=" + c.call_sid);
    vox.stop(std::chrono::seconds(5));
    auto record = vox.store() ? vox.store()->get(c.call_sid) : std::nullopt;
    if (record) print_timeline(*record);
    std::cout << "  the stream was closed by " << c.ended_by << "; the caller heard "
              << static_cast<double>(c.bytes_played) / 8000.0 << " s of agent audio\n"
              << "POST /twiml/after (Twilio, when the stream ended) ->\n  " << dial << "\n";
    const bool ok =
        record && record->end_reason == "transferred" && dial.find("<Dial>") != std::string::npos;
    return ok ? 0 : 1;
  };
}

}  // namespace voxgate::app
