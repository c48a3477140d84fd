// voxgate command line. Exit codes: 0 success, 1 failure while running,
// 2 unusable configuration or arguments.

#include <CLI/CLI.hpp>
#include <vector>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  using namespace voxgate::app;
  CLI::App app{
      "voxgate: puts a realtime speech AI on the phone.\n"
      "Bridges Twilio Media Streams to the OpenAI Realtime API (or any compatible server, or "
      "voxgate's own offline agent), handling barge-in, greeting, hang-up and AI failures.\n"
      "Start with `voxgate demo` for a complete offline call."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "voxgate 0.1.0");
  std::vector<Command> commands = {add_serve_command(app), add_demo_command(app),
                                   add_local_agent_command(app), add_check_config_command(app),
                                   add_demo_transfer_command(app)};
  CLI11_PARSE(app, argc, argv);
  for (const auto& run : commands) {
    if (const int rc = run(); rc >= 0) return rc;
  }
  return 2;
}
