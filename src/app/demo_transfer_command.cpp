// `voxgate demo-transfer`: a tool call in a real spoken call, offline (docs/tools.md "Demo").
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

#include "app/commands.hpp"
#include "app/config_options.hpp"
#include "app/demo_call.hpp"
#include "app/voxgate_app.hpp"
#include "callsim/simulation.hpp"
#include "net/http_client.hpp"

namespace voxgate::app {
namespace {

constexpr CallerLine kCallerScript[] = {{6.0, "can i speak to a person"}};  // after the greeting
constexpr double kCallSeconds = 20.0;
constexpr const char* kDemoTarget = "+15550100";  // examples/agents/dental.toml

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
    auto config = load_demo_config(*args, *out + "/transfer_calls.db");
    if (!config) return 2;
    if (config->tools.transfer_allow.empty()) config->tools.transfer_allow = {kDemoTarget};
    if (!apply_logging(*config)) return 2;
    std::cout << "voxgate demo-transfer: synthesising the caller's line...\n";
    const std::string caller_wav = *out + "/transfer_caller.wav";
    write_caller_wav(caller_wav, kCallerScript, kCallSeconds);
    VoxgateApp vox(std::move(*config));
    if (auto r = vox.start(); !r) {
      std::cerr << r.error() << "\n";
      return 1;
    }
    std::cout << "POST /twiml ->\n  " << post_form(vox.port(), "/twiml", "CallSid=CAdemo") << "\n"
              << "calling voxgate on 127.0.0.1:" << vox.port() << ", about 15 s...\n";
    const auto report = callsim::run_simulation(demo_call(vox.port(), caller_wav, kCallSeconds));
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
