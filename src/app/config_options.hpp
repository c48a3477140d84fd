#pragma once
// The configuration flags every long-running command shares (--config,
// --set, and shortcuts for the common keys), and turning them into a
// validated Config: file < environment < flags (config_loader.hpp).

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/config.hpp"

namespace voxgate::app {

struct ConfigArgs {
  std::string file;
  std::vector<std::string> sets;  // "section.key=value"
  // Shortcuts, applied as overrides when given.
  std::string host, agent, ai_url, db, log_format, log_level, recordings, agent_file, public_host;
  int port = -1;
};

void add_config_options(CLI::App& cmd, ConfigArgs& args);
common::Result<config::Config, std::string> load_config(const ConfigArgs& args);
// Applies log.format / log.level; false with a message on failure.
bool apply_logging(const config::Config& c);

}  // namespace voxgate::app
