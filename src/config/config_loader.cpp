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

// The value a TOML node holds, as the text a setter parses: a scalar, or for
// list keys an array of strings joined with commas.
std::optional<std::string> node_text(const Field& field, const toml::node& node) {
  if (is_list(field) && node.is_array()) return string_list_text(node);
  return scalar_text(node);
}

// `written` as the text a setter parses: read as a TOML value when it looks
// like one (a quoted string or an array), else as it is; nullopt for a TOML
// value of the wrong kind (an array for a one-value key).
std::optional<std::string> read_written(const Field& field, const std::string& written) {
  const auto first = written.find_first_not_of(" \t");
  if (first == std::string::npos ||
      (written[first] != '"' && written[first] != '\'' && written[first] != '[')) {
    return written;
  }
  try {
    const toml::table t = toml::parse("v = " + written);
    const toml::node* node = t.get("v");
    return node ? node_text(field, *node) : written;
  } catch (const toml::parse_error&) {
    return written;
  }
}

// "a,b" as the TOML array ["a", "b"] (list values hold no quotes: they are
// phone numbers and SIP URIs).
std::string list_toml(const std::string& joined) {
  std::string out = "[";
  std::size_t start = 0;
  while (!joined.empty() && start <= joined.size()) {
    const auto comma = joined.find(',', start);
    const auto end = comma == std::string::npos ? joined.size() : comma;
    out += (start == 0 ? "\"" : ", \"") + joined.substr(start, end - start) + "\"";
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out + "]";
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
    const std::string sample = f->secret ? "" : "; e.g. " + key + "=" + example(*f);
    return unexpected(ConfigError{"invalid value " + shown + " for '" + key + "': expected " +
                                  *err + " (" + f->help + ")" + sample});
  }
  return true;
}

Applied ConfigLoader::apply_setting(const std::string& key, const std::string& written) {
  const Field* f = find_field(key);
  if (!f) return apply_override(key, written);
  const auto text = read_written(*f, written);
  if (!text) {
    return unexpected(ConfigError{"'" + key + "' takes one value, not a TOML array; e.g. " + key +
                                  "=" + example(*f)});
  }
  return apply_override(key, *text);
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
      const Field* f = find_field(key);
      auto text_value = f ? node_text(*f, value) : scalar_text(value);
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
      // Each carrier's secret under the name its own SDKs and samples use.
      {"TELNYX_PUBLIC_KEY", "server.telnyx_public_key"},
      {"VONAGE_SIGNATURE_SECRET", "server.vonage_signature_secret"},
      {"PLIVO_AUTH_TOKEN", "server.plivo_auth_token"},
      {"SIGNALWIRE_SIGNING_KEY", "server.signalwire_signing_key"},
      {"VOXGATE_API_TOKEN", "api.token"},
      {"VOXGATE_STREAM_TOKEN_SECRET", "server.stream_token_secret"},
  };
  for (const auto& [var, key] : kAliases) {
    if (auto it = env.find(var); it != env.end() && !it->second.empty()) {
      if (auto r = apply_setting(key, it->second); !r) return r;
    }
  }
  for (const auto& f : fields()) {
    if (auto it = env.find(env_name(f.key)); it != env.end()) {
      auto r = apply_setting(f.key, it->second);
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
    return unexpected(ConfigError{"invalid value '" + url +
                                  "' for 'ai.url': expected a ws:// or wss:// URL; e.g. "
                                  "ai.url=" +
                                  example(*find_field("ai.url"))});
  }
  if (auto error = resolve_ai_protocol(c.ai)) return unexpected(ConfigError{*error});
  return c;
}

std::vector<KeyDoc> documented_keys() {
  std::vector<KeyDoc> out;
  for (const auto& f : fields()) out.push_back({f.key, env_name(f.key), f.help, example(f)});
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
    } else if (is_list(f)) {
      out << list_toml(value);
    } else {
      // A basic (double-quoted) TOML string, escaped by toml++.
      out << toml::toml_formatter{toml::value<std::string>(value), toml::format_flags::none};
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace voxgate::config
