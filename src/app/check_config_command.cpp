// `voxgate check-config`: validate the configuration as `serve` would load
// it and print it with secrets hidden, or list every key.

#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "app/config_options.hpp"
#include "app/startup_safety.hpp"
#include "app/voxgate_app.hpp"
#include "config/config_loader.hpp"

namespace voxgate::app {

namespace {

// `text` as one shell word: quoted when it holds anything a shell would read.
std::string shell_quoted(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789+-_.,:/@") == std::string::npos;
  if (plain) return text;
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Command add_check_config_command(CLI::App& app) {
  auto args = std::make_shared<ConfigArgs>();
  auto keys = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "check-config", "Validate the configuration (file, environment, flags) and print it");
  add_config_options(*cmd, *args);
  cmd->add_flag("--keys", *keys, "List every configuration key with its variable and meaning");
  return [cmd, args, keys]() -> int {
    if (!cmd->parsed()) return -1;
    if (*keys) {
      for (const auto& k : config::documented_keys()) {
        std::cout << k.key << "  (" << k.env << ")\n    " << k.help << "\n    e.g. --set " << k.key
                  << "=" << shell_quoted(k.example) << "\n";
      }
      return 0;
    }
    auto config = load_config(*args);
    if (!config) {
      std::cerr << "configuration error: " << config.error() << "\n";
      return 2;
    }
    std::cout << config::describe(*config)
              << "\n# AI leg resolves to: " << to_string(resolve_agent(*config)) << "\n";
    // `serve` would refuse it (BEHAVIOUR 0): say so here too.
    if (auto refusal = startup_refusal(*config)) {
      std::cerr << *refusal << "\n";
      return 2;
    }
    if (auto warning = startup_warning(*config)) std::cout << "# warning: " << *warning << "\n";
    std::cout << "# configuration is valid\n";
    return 0;
  };
}

}  // namespace voxgate::app
