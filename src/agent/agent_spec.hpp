#pragma once
// AgentSpec: the local agent's dialogue, loaded from a TOML agent file
// (format in docs/local-agent.md, example in examples/agents/dental.toml).
//
// Loaded once at start-up and then shared read-only by every call's
// Dialogue, so any thread may read it. Loading never throws: errors come
// back as a SpecError naming the offending key.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace voxgate::agent {

struct IntentSpec {
  std::string name;
  // Normalised sentences (lower case, single spaces); `<slot>` tokens stand
  // for any value of that slot.
  std::vector<std::string> phrases;
  std::map<std::string, std::vector<std::string>> slots;  // slot -> normalised values
  std::string reply;                                      // may reference captured slots as {slot}
  std::string next;                                       // state name; empty = stay
  bool end_call = false;
  // action = "transfer_call": after the reply's audio the agent calls the
  // transfer_call tool with {"to": transfer_to} (docs/tools.md).
  std::string transfer_to;
};

struct StateSpec {
  std::string name;
  std::string prompt;  // said after the fallback when nothing matched
  std::vector<IntentSpec> intents;
};

struct AgentSpec {
  std::string greeting;
  std::string fallback;
  std::string start_state;  // `start` key, else the first state
  double keyword_threshold = 0.6;
  std::vector<StateSpec> states;

  const StateSpec* find_state(std::string_view name) const;
};

struct SpecError {
  std::string key;      // e.g. "states[1].intents[0].next"
  std::string message;  // full sentence for the operator, includes the key
};

common::Result<AgentSpec, SpecError> parse_agent_spec(std::string_view toml_text);
common::Result<AgentSpec, SpecError> load_agent_spec(const std::string& path);

// Lower case, letters/digits/apostrophes only, single spaces.
std::string normalise_text(std::string_view text);
std::vector<std::string> split_words(std::string_view normalised);

}  // namespace voxgate::agent
