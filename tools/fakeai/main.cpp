// fakeai: a scripted OpenAI Realtime or GPT-Live server (README.md). CLI only;
// the behaviour lives in fakeai_lib.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include "fakeai/server.hpp"

int main(int argc, char** argv) {
  using voxgate::fakeai::FakeAiServer;
  using voxgate::fakeai::Script;
  CLI::App app{"fakeai: scripted OpenAI Realtime / GPT-Live WebSocket server"};
  std::string listen = "127.0.0.1:9000";
  std::string script_path;
  int threads = 2;
  std::string stats_json;
  std::string protocol;
  app.add_option("--listen", listen, "HOST:PORT to listen on (port 0 = ephemeral)");
  app.add_option("--script", script_path, "TOML script (default: built-in greeting)")
      ->check(CLI::ExistingFile);
  app.add_option("--threads", threads, "io_context threads")->check(CLI::Range(1, 256));
  app.add_option("--stats-json", stats_json,
                 "on exit, write the stats (with latency) as JSON here");
  app.add_option("--protocol", protocol,
                 "realtime (/v1/realtime) or live (GPT-Live, /v1/live/sessions); "
                 "overrides the script's protocol key")
      ->check(CLI::IsMember({"realtime", "live"}));
  CLI11_PARSE(app, argc, argv);

  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    spdlog::error("--listen must be HOST:PORT, got '{}'", listen);
    return 2;
  }
  Script script;
  if (!script_path.empty()) {
    auto loaded = Script::from_file(script_path);
    if (!loaded) {
      spdlog::error("{}: {}", script_path, loaded.error().message);
      return 2;
    }
    script = std::move(*loaded);
  }

  if (!protocol.empty()) {
    script.set_protocol(protocol == "live" ? voxgate::fakeai::ScriptProtocol::kLive
                                           : voxgate::fakeai::ScriptProtocol::kRealtime);
  }

  boost::asio::io_context ioc(threads);
  std::optional<FakeAiServer> server;
  try {
    server.emplace(ioc, std::move(script), listen.substr(0, colon),
                   static_cast<uint16_t>(std::stoi(listen.substr(colon + 1))));
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());  // "cannot listen on HOST:PORT: why"
    return 1;
  }
  spdlog::info("listening on {}:{}", listen.substr(0, colon), server->port());

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    const auto stats = server->stats();
    spdlog::info("stats: {}", stats.summary());
    if (!stats_json.empty()) {
      std::ofstream f(stats_json);
      f << stats.to_json() << "\n";
      if (!f) spdlog::error("cannot write {}", stats_json);
    }
    server->stop();
    ioc.stop();
  });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return 0;
}
