#pragma once
// Dialogue: the local agent's conversation state for one call.
//
// Pure: text in, text out; no audio, no clock. It knows the current state
// of the AgentSpec, the slots captured so far, and produces the JSGF grammar
// the recogniser should use for the caller's next turn (ARCHITECTURE.md
// "Local agent": per-state grammars are what make phone audio usable).
//
// Owner: one LocalAgentEngine (one call). Not thread-safe; the spec it
// points to is shared read-only and must outlive it.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent_spec.hpp"

namespace voxgate::agent {

struct Turn {
  std::string reply;
  bool end_call = false;
  std::string transfer_to;                   // non-empty: call transfer_call after the reply
  std::string intent;                        // empty: nothing matched (fallback)
  std::map<std::string, std::string> slots;  // captured in this turn
};

class Dialogue {
 public:
  explicit Dialogue(std::shared_ptr<const AgentSpec> spec);

  std::string greeting() const;
  // The current state's prompt with slots filled in; empty when it has none.
  std::string prompt() const;
  const std::string& current_state() const { return state_->name; }
  std::string grammar_for_current_state() const;
  Turn on_caller_text(std::string_view recognised);

  const std::map<std::string, std::string>& slots() const { return slots_; }

  // JSGF for one state; also used to register every state's grammar up front.
  static std::string grammar_for(const StateSpec& state);
  // Every line this spec can say that fills no slot (greeting, prompts,
  // replies, fallback + prompt), each once: what can be synthesised ahead of
  // any call.
  static std::vector<std::string> fixed_lines(const AgentSpec& spec);

 private:
  std::string render(const std::string& text) const;

  std::shared_ptr<const AgentSpec> spec_;
  const StateSpec* state_;
  std::map<std::string, std::string> slots_;
};

}  // namespace voxgate::agent
