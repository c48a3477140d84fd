#pragma once
// Builds a Config from, in increasing precedence: defaults, a TOML file,
// environment variables (VOXGATE_<SECTION>_<KEY>, plus OPENAI_API_KEY,
// TWILIO_AUTH_TOKEN, VOXGATE_API_TOKEN) and command-line overrides
// ("section.key=value"). Every key is declared once in the field table
// (config_fields.cpp); a bad value stops the start with a message naming the
// key, the value and the fix. Runs at start-up only; not thread-safe.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "config/config.hpp"

namespace voxgate::config {

struct ConfigError {
  std::string message;  // names the key, the bad value and the fix
};

using Env = std::map<std::string, std::string>;

// The process environment, for load().
Env process_env();

class ConfigLoader {
 public:
  // Reads and applies a TOML file. Unknown keys are errors (typos must not
  // pass silently).
  common::Result<bool, ConfigError> apply_file(const std::string& path);
  common::Result<bool, ConfigError> apply_toml(const std::string& text, const std::string& origin);
  common::Result<bool, ConfigError> apply_env(const Env& env);
  // `key` as "section.key" (e.g. "server.port"); `value` as the setter
  // parses it (a list joined with commas).
  common::Result<bool, ConfigError> apply_override(const std::string& key,
                                                   const std::string& value);
  // A value as a user writes it after `--set key=` or in an environment
  // variable: plain text, or the TOML form the configuration file shows (a
  // quoted string, or an array for list keys).
  common::Result<bool, ConfigError> apply_setting(const std::string& key,
                                                  const std::string& written);
  // Cross-field checks; returns the final config.
  common::Result<Config, ConfigError> finish() const;

  const Config& current() const { return config_; }

 private:
  Config config_;
};

// One documented key, for --help and `voxgate check-config --keys`.
struct KeyDoc {
  std::string key;
  std::string env;
  std::string help;
  std::string example;  // an accepted value, as written after --set key=
};
std::vector<KeyDoc> documented_keys();

// The config with secrets masked, as TOML-ish text (check-config prints it).
std::string describe(const Config& config);

}  // namespace voxgate::config
