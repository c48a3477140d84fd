// `voxgate serve`: run the server until SIGINT/SIGTERM, then shut down
// gracefully (BEHAVIOUR 4 and 6: live calls end cleanly, records are written).

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <memory>

#include "app/commands.hpp"
#include "app/config_options.hpp"
#include "app/voxgate_app.hpp"

namespace voxgate::app {

void wait_for_stop_signal() {
  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait(
      [](boost::system::error_code, int sig) { spdlog::info("signal {}: shutting down", sig); });
  io.run();
}

Command add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ConfigArgs>();
  auto grace = std::make_shared<int>(10);
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the server: Twilio webhook POST /twiml, media stream /media, /healthz, /readyz, "
      "/metrics, /api. The AI leg is the offline local agent unless an API key is set.");
  add_config_options(*cmd, *args);
  cmd->add_option("--shutdown-grace", *grace, "Seconds live calls get to end on SIGTERM")
      ->capture_default_str();
  return [cmd, args, grace]() -> int {
    if (!cmd->parsed()) return -1;
    auto config = load_config(*args);
    if (!config) {
      spdlog::error("configuration: {}", config.error());
      return 2;
    }
    if (!apply_logging(*config)) return 2;
    VoxgateApp vox(std::move(config).value());
    if (auto r = vox.start(); !r) {
      spdlog::error("{}", r.error());
      return 1;
    }
    spdlog::info("voxgate listening on {}:{} (AI leg: {}); Twilio webhook: POST /twiml",
                 vox.config().server.host, vox.port(), to_string(vox.agent_mode()));
    wait_for_stop_signal();
    vox.stop(std::chrono::seconds(*grace));
    spdlog::info("stopped");
    return 0;
  };
}

}  // namespace voxgate::app
