// `voxgate serve`: run the server until SIGINT/SIGTERM, then shut down
// gracefully (BEHAVIOUR 4 and 6: live calls end cleanly, records are
// written). A second signal ends the grace period at once; the records of
// the calls it ends are still written before the process exits.

#include <spdlog/spdlog.h>

#include <memory>

#include "app/commands.hpp"
#include "app/config_options.hpp"
#include "app/startup_safety.hpp"
#include "app/stop_signals.hpp"
#include "app/voxgate_app.hpp"

namespace voxgate::app {

void wait_for_stop_signal() {
  StopSignals signals;
  signals.wait();
}

namespace {

int serve(const config::Config& config, std::chrono::seconds grace) {
  VoxgateApp vox(config);
  StopSignals signals;  // destroyed before vox: its callback uses vox
  signals.on_again([&vox] { vox.end_grace_now(); });
  if (auto r = vox.start(); !r) {
    spdlog::error("{}", r.error());
    return 1;
  }
  spdlog::info("voxgate listening on {}:{} (AI leg: {}); Twilio webhook: POST /twiml",
               vox.config().server.host, vox.port(), to_string(vox.agent_mode()));
  signals.wait();
  vox.stop(grace);
  spdlog::info("stopped");
  return 0;
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ConfigArgs>();
  auto grace = std::make_shared<int>(10);
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the server: Twilio webhook POST /twiml, media stream /media, /healthz, /readyz, "
      "/metrics, /api. The AI leg is the offline local agent unless an API key is set.\n"
      "Production: TWILIO_AUTH_TOKEN=... VOXGATE_API_TOKEN=... OPENAI_API_KEY=... voxgate serve "
      "--host 0.0.0.0 --public-host voice.example.com --metrics-listen 127.0.0.1:9464\n"
      "A public --host with a paid AI leg and no TWILIO_AUTH_TOKEN is refused unless "
      "--allow-unauthenticated is given.");
  add_config_options(*cmd, *args);
  cmd->add_option("--shutdown-grace", *grace,
                  "Seconds live calls get to end on SIGTERM; a second SIGTERM ends them now "
                  "(their records are still written)")
      ->capture_default_str();
  return [cmd, args, grace]() -> int {
    if (!cmd->parsed()) return -1;
    auto config = load_config(*args);
    if (!config) {
      spdlog::error("configuration: {}", config.error());
      return 2;
    }
    if (!apply_logging(*config)) return 2;
    if (auto refusal = startup_refusal(*config)) {
      spdlog::error("{}", *refusal);
      return 2;
    }
    return serve(*config, std::chrono::seconds(*grace));
  };
}

}  // namespace voxgate::app
