#pragma once
// The field table behind ConfigLoader: each key with its setter (which
// parses and validates one string value) and its help. Internal to config/.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace voxgate::config {

struct Field {
  std::string key;   // "section.name"
  std::string help;  // one line, shown by --help and check-config
  // Parses `value` into `c`; returns an error text (what is accepted) or
  // nullopt on success.
  std::function<std::optional<std::string>(Config& c, const std::string& value)> set;
  bool secret = false;
  // The current value as text (what `set` would accept).
  std::function<std::string(const Config& c)> get;
};

const std::vector<Field>& fields();
const Field* find_field(const std::string& key);

// A value `field` accepts, exactly as written after `--set key=` or in its
// environment variable: the one example that help texts and error messages
// show (its default where that says something, else a documented sample).
std::string example(const Field& field);

// True for keys that take a list (a TOML array, or a comma-separated text).
bool is_list(const Field& field);

// "server.port" -> "VOXGATE_SERVER_PORT"
std::string env_name(const std::string& key);

}  // namespace voxgate::config
