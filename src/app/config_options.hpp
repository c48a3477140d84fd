#pragma once
// The configuration flags every long-running command shares (--config,
// --set, and shortcuts for the common keys: config/cli_flags.hpp), and
// turning them into a validated Config: file < environment < flags.

#include <CLI/CLI.hpp>
#include <string>

#include "common/result.hpp"
#include "config/cli_flags.hpp"
#include "config/config.hpp"

namespace voxgate::app {

using ConfigArgs = config::Sources;

void add_config_options(CLI::App& cmd, ConfigArgs& args);
// With the process environment.
common::Result<config::Config, std::string> load_config(const ConfigArgs& args);
// Applies log.format / log.level; false with a message on failure.
bool apply_logging(const config::Config& c);

}  // namespace voxgate::app
