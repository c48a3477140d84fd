#pragma once
// The configuration flags every long-running command shares: --config,
// --set, and shortcuts for the common keys (each shortcut names the key it
// sets), and the whole load: file < environment < shortcuts < --set
// (config_loader.hpp). One table, so `--help`, the loader and the tests
// cannot disagree. Start-up only; not thread-safe.

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/config.hpp"
#include "config/config_loader.hpp"

namespace voxgate::config {

struct Shortcut {
  std::string flag;  // "--host"
  std::string key;   // "server.host"
  std::string help;
  bool is_switch = false;  // takes no value: given means "true"
};
const std::vector<Shortcut>& shortcuts();

// What the command line gave.
struct Sources {
  std::string file;
  std::vector<std::string> sets;             // "section.key=value"
  std::map<std::string, std::string> flags;  // shortcut flag -> value, e.g. "--port" -> "0"
};

// Registers --config, --set and every shortcut on `cmd`; parsing fills `s`
// (which must outlive the parse).
void add_flags(CLI::App& cmd, Sources& s);

// Defaults, then the file, `env`, the shortcuts (--ai-url also means
// ai.agent = url unless --agent is given), then --set; validated.
common::Result<Config, ConfigError> load(const Sources& s, const Env& env);

}  // namespace voxgate::config
