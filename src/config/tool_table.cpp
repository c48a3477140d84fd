#include "config/tool_table.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace voxgate::config {
namespace {

constexpr std::string_view kReserved[] = {"end_call", "transfer_call"};

bool valid_name(std::string_view n) {
  if (n.empty() || n.size() > 64) return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// A TOML table as compact-enough JSON text (toml++ writes JSON itself).
std::string table_json(const toml::table& t) {
  std::ostringstream out;
  out << toml::json_formatter{t, toml::format_flags::none};
  return out.str();
}

std::optional<std::string> parse_headers(const toml::node& node, WebhookToolConfig& tool) {
  const auto* t = node.as_table();
  if (!t) return "'headers' must be a table of strings, e.g. headers = { X-Api-Key = \"...\" }";
  for (const auto& [k, v] : *t) {
    auto s = v.value<std::string>();
    if (!s || !v.is_string()) return "header '" + std::string(k.str()) + "' must be a string";
    tool.headers.emplace_back(std::string(k.str()), *s);
  }
  return std::nullopt;
}

std::optional<std::string> parse_key(std::string_view key, const toml::node& v,
                                     WebhookToolConfig& tool) {
  if (key == "parameters") {
    const auto* t = v.as_table();
    if (!t) return "'parameters' must be a TOML table holding the JSON Schema";
    tool.parameters_json = table_json(*t);
    return std::nullopt;
  }
  if (key == "headers") return parse_headers(v, tool);
  if (key == "timeout_ms") {
    auto n = v.value<int64_t>();
    if (!v.is_integer() || !n || *n < 100 || *n > 60000) {
      return "'timeout_ms' must be an integer from 100 to 60000";
    }
    tool.timeout_ms = static_cast<int>(*n);
    return std::nullopt;
  }
  std::string* text = key == "name"          ? &tool.name
                      : key == "description" ? &tool.description
                      : key == "url"         ? &tool.url
                                             : nullptr;
  if (!text) {
    return "unknown key '" + std::string(key) +
           "' (accepted: name, description, url, timeout_ms, parameters, headers)";
  }
  if (!v.is_string()) return "'" + std::string(key) + "' must be a string";
  *text = *v.value<std::string>();
  return std::nullopt;
}

std::optional<std::string> check_tool(const WebhookToolConfig& t,
                                      const std::vector<WebhookToolConfig>& before) {
  if (!valid_name(t.name)) return "'name' must be 1-64 letters, digits, '_' or '-'";
  for (auto r : kReserved) {
    if (t.name == r) return "'" + t.name + "' is a built-in tool name; choose another";
  }
  for (const auto& b : before) {
    if (b.name == t.name) return "the name '" + t.name + "' is declared twice";
  }
  if (t.url.rfind("http://", 0) != 0 && t.url.rfind("https://", 0) != 0) {
    return "'url' must be an http:// or https:// URL";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> parse_webhook_tools(const toml::node& node,
                                               std::vector<WebhookToolConfig>& out) {
  const auto* arr = node.as_array();
  if (!arr) return "'tools.webhook' must be an array of tables: write each as [[tools.webhook]]";
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* t = (*arr)[i].as_table();
    const std::string where = "tools.webhook #" + std::to_string(i + 1);
    if (!t) return where + ": must be a table";
    WebhookToolConfig tool;
    for (const auto& [k, v] : *t) {
      if (auto err = parse_key(k.str(), v, tool)) return where + ": " + *err;
    }
    if (auto err = check_tool(tool, out)) {
      return where + (tool.name.empty() ? "" : " ('" + tool.name + "')") + ": " + *err;
    }
    out.push_back(std::move(tool));
  }
  return std::nullopt;
}

std::optional<std::string> string_list_text(const toml::node& node) {
  const auto* arr = node.as_array();
  if (!arr) return std::nullopt;
  std::string out;
  for (const auto& item : *arr) {
    if (!item.is_string()) return std::nullopt;
    out += (out.empty() ? "" : ",") + *item.value<std::string>();
  }
  return out;
}

}  // namespace voxgate::config
