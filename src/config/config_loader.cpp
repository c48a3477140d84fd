#include "config/config_loader.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config/ai_protocol.hpp"
#include "config/config_fields.hpp"
#include "config/tool_table.hpp"

extern char** environ;

namespace voxgate::config {
namespace {

using common::unexpected;
using Applied = common::Result<bool, ConfigError>;

// A TOML scalar as the text a setter parses.
std::optional<std::string> scalar_text(const toml::node& node) {
  if (auto s = node.value<std::string>(); s && node.is_string()) return *s;
  if (node.is_boolean()) return *node.value<bool>() ? "true" : "false";
  if (node.is_integer()) return std::to_string(*node.value<int64_t>());
  if (node.is_floating_point()) return std::to_string(*node.value<double>());
  return std::nullopt;
}

}  // namespace

Env process_env() {
  Env env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

Applied ConfigLoader::apply_override(const std::string& key, const std::string& value) {
  const Field* f = find_field(key);
  if (!f) return unexpected(ConfigError{"unknown configuration key '" + key + "'"});
  if (auto err = f->set(config_, value)) {
    const std::string shown = f->secret ? "<hidden>" : "'" + value + "'";
    return unexpected(ConfigError{"invalid value " + shown + " for '" + key + "': expected " +
                                  *err + " (" + f->help + ")"});
  }
  return true;
}

Applied ConfigLoader::apply_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return unexpected(ConfigError{"cannot read config file '" + path + "'"});
  std::stringstream buf;
  buf << in.rdbuf();
  return apply_toml(buf.str(), path);
}

Applied ConfigLoader::apply_toml(const std::string& text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << origin << ":" << e.source().begin.line << ": " << e.description();
    return unexpected(ConfigError{msg.str()});
  }
  for (const auto& [section, node] : root) {
    const auto* table = node.as_table();
    if (!table) {
      return unexpected(
          ConfigError{origin + ": '" + std::string(section.str()) + "' must be a [section] table"});
    }
    for (const auto& [name, value] : *table) {
      const std::string key = std::string(section.str()) + "." + std::string(name.str());
      if (key == "tools.webhook") {  // an array of tables (docs/tools.md)
        if (auto err = parse_webhook_tools(value, config_.tools.webhooks)) {
          return unexpected(ConfigError{origin + ": " + *err});
        }
        continue;
      }
      auto text_value = key == "tools.transfer_allow" && value.is_array() ? string_list_text(value)
                                                                          : scalar_text(value);
      if (!text_value) {
        return unexpected(ConfigError{origin + ": '" + key + "' must be a string, number or bool"});
      }
      auto r = apply_override(key, *text_value);
      if (!r) return unexpected(ConfigError{origin + ": " + r.error().message});
    }
  }
  return true;
}

Applied ConfigLoader::apply_env(const Env& env) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"OPENAI_API_KEY", "ai.api_key"},
      {"TWILIO_AUTH_TOKEN", "server.twilio_auth_token"},
      {"VOXGATE_API_TOKEN", "api.token"},
      {"VOXGATE_STREAM_TOKEN_SECRET", "server.stream_token_secret"},
  };
  for (const auto& [var, key] : kAliases) {
    if (auto it = env.find(var); it != env.end() && !it->second.empty()) {
      if (auto r = apply_override(key, it->second); !r) return r;
    }
  }
  for (const auto& f : fields()) {
    if (auto it = env.find(env_name(f.key)); it != env.end()) {
      auto r = apply_override(f.key, it->second);
      if (!r) return unexpected(ConfigError{"environment " + it->first + ": " + r.error().message});
    }
  }
  return true;
}

common::Result<Config, ConfigError> ConfigLoader::finish() const {
  Config c = config_;
  if (!c.greeting.empty()) c.call.greeting.instructions = c.greeting;
  // README Security: both Twilio checks are on when an auth token is configured and
  // off when none is (local development), unless set explicitly.
  const bool have_token = !c.server.twilio_auth_token.empty();
  c.server.validate_twilio_signature =
      c.server.validate_twilio_signature_setting.value_or(have_token);
  c.server.stream_token = c.server.stream_token_setting.value_or(have_token);
  if (c.server.stream_token && !have_token && c.server.stream_token_secret.empty()) {
    return unexpected(ConfigError{
        "'server.stream_token' is true but no secret is set: set "
        "VOXGATE_STREAM_TOKEN_SECRET, 'server.stream_token_secret' or TWILIO_AUTH_TOKEN"});
  }
  if (c.server.validate_twilio_signature && c.server.twilio_auth_token.empty()) {
    return unexpected(
        ConfigError{"'server.validate_twilio_signature' is true but no auth token is set: set "
                    "TWILIO_AUTH_TOKEN or 'server.twilio_auth_token'"});
  }
  if (c.ai.agent == "openai" && c.ai.api_key.empty()) {
    return unexpected(ConfigError{
        "'ai.agent' is 'openai' but no API key is set: set OPENAI_API_KEY or 'ai.api_key', or "
        "use ai.agent = \"local\" for the offline agent"});
  }
  if (!c.tools.webhooks.empty() && c.tools.secret.empty()) {
    return unexpected(ConfigError{
        "webhook tools are declared but 'tools.secret' is empty: set VOXGATE_TOOLS_SECRET (the "
        "key your endpoints use to verify X-Voxgate-Signature)"});
  }
  const std::string& url = c.ai.url;
  if (url.rfind("ws://", 0) != 0 && url.rfind("wss://", 0) != 0) {
    return unexpected(
        ConfigError{"invalid value '" + url + "' for 'ai.url': expected a ws:// or wss:// URL"});
  }
  if (auto error = resolve_ai_protocol(c.ai)) return unexpected(ConfigError{*error});
  return c;
}

std::vector<KeyDoc> documented_keys() {
  std::vector<KeyDoc> out;
  for (const auto& f : fields()) out.push_back({f.key, env_name(f.key), f.help});
  return out;
}

std::string describe(const Config& config) {
  std::ostringstream out;
  std::string section;
  for (const auto& f : fields()) {
    const std::string sec = f.key.substr(0, f.key.find('.'));
    if (sec != section) {
      out << (section.empty() ? "" : "\n") << "[" << sec << "]\n";
      section = sec;
    }
    const std::string value = f.get(config);
    out << f.key.substr(sec.size() + 1) << " = ";
    if (f.secret) {
      out << (value.empty() ? "\"\"  # not set" : "\"<hidden>\"");
    } else {
      out << '"' << value << '"';
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace voxgate::config
