#pragma once
// voxgate's subcommands. Each registers its options on the CLI and returns
// the function that runs it (the process exit code: 0 success, 1 failure at
// run time, 2 unusable configuration or arguments).

#include <CLI/CLI.hpp>
#include <functional>

namespace voxgate::app {

using Command = std::function<int()>;

Command add_serve_command(CLI::App& app);
Command add_demo_command(CLI::App& app);
Command add_demo_transfer_command(CLI::App& app);  // a tool call in a spoken call (docs/tools.md)
Command add_local_agent_command(CLI::App& app);
Command add_check_config_command(CLI::App& app);

// Blocks until SIGINT or SIGTERM.
void wait_for_stop_signal();

}  // namespace voxgate::app
