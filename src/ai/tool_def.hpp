#pragma once
// A function the AI may call, as the shell declares it to any AI protocol
// (docs/tools.md). Plain value; no thread affinity.

#include <string>

namespace voxgate::ai {

// `parameters_json` is a JSON Schema as compact JSON text.
struct ToolDef {
  std::string name;
  std::string description;
  std::string parameters_json = R"({"type":"object","properties":{}})";

  bool operator==(const ToolDef&) const = default;
};

}  // namespace voxgate::ai
