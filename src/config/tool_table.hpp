#pragma once
// Parses the [[tools.webhook]] array of tables (docs/tools.md) into
// WebhookToolConfig entries: the field table handles scalars only. Internal
// to config/; start-up only.

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "config/tool_config.hpp"

namespace voxgate::config {

// Appends the tools in `node` to `out`; returns an error sentence naming the
// tool, the key and the fix, or nullopt.
std::optional<std::string> parse_webhook_tools(const toml::node& node,
                                               std::vector<WebhookToolConfig>& out);

// An array of strings as one comma-separated text (for list fields such as
// tools.transfer_allow, which the environment gives the same way).
std::optional<std::string> string_list_text(const toml::node& node);

}  // namespace voxgate::config
