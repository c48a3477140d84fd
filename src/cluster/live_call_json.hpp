#pragma once
// A live-call entry as the JSON stored in Redis. Parsing another instance's
// (or a stranger's) value never throws: bad JSON is no entry.

#include <optional>
#include <string>

#include "cluster/live_call_registry.hpp"

namespace voxgate::cluster {

std::string to_json(const LiveCallEntry& e);
std::optional<LiveCallEntry> live_call_from_json(const std::string& text);

}  // namespace voxgate::cluster
