#include "agent/agent_spec.hpp"

#include <toml++/toml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace voxgate::agent {
namespace {

using SpecResult = common::Result<AgentSpec, SpecError>;

SpecError error(std::string key, const std::string& what) {
  return SpecError{key, key + ": " + what};
}

// Reads a required or optional string; returns false and sets err on a bad type.
bool read_string(const toml::table& t, std::string_view k, const std::string& key, bool required,
                 std::string& out, std::optional<SpecError>& err) {
  const toml::node* n = t.get(k);
  if (n == nullptr) {
    if (required) err = error(key, "missing (a string is required)");
    return !required;
  }
  if (!n->is_string()) {
    err = error(key, "must be a string");
    return false;
  }
  out = n->as_string()->get();
  return true;
}

bool read_string_list(const toml::node* n, const std::string& key, std::vector<std::string>& out,
                      std::optional<SpecError>& err) {
  const toml::array* a = n != nullptr ? n->as_array() : nullptr;
  if (a == nullptr || a->empty()) {
    err = error(key, "must be a non-empty list of strings");
    return false;
  }
  for (size_t i = 0; i < a->size(); ++i) {
    const auto* s = a->get(i)->as_string();
    std::string norm = s != nullptr ? normalise_text(s->get()) : std::string();
    if (norm.empty() && (s == nullptr || s->get().find('<') == std::string::npos)) {
      err = error(key + "[" + std::to_string(i) + "]", "must be a non-empty string of words");
      return false;
    }
    out.push_back(s->get());
  }
  return true;
}

// Phrases keep `<slot>` markers: normalise the words around them.
std::string normalise_phrase(std::string_view phrase) {
  std::string spaced;
  for (char c : phrase) {
    if (c == '<')
      spaced += " <";
    else if (c == '>')
      spaced += "> ";
    else
      spaced += c;
  }
  std::istringstream in(spaced);
  std::string tok, out;
  while (in >> tok) {
    std::string norm = tok.front() == '<' ? tok : normalise_text(tok);
    if (norm.empty()) continue;
    if (!out.empty()) out += ' ';
    out += norm;
  }
  return out;
}

std::optional<SpecError> parse_intent(const toml::table& t, const std::string& key,
                                      IntentSpec& in) {
  std::optional<SpecError> err;
  std::string action;
  if (!read_string(t, "name", key + ".name", true, in.name, err) ||
      !read_string(t, "reply", key + ".reply", true, in.reply, err) ||
      !read_string(t, "next", key + ".next", false, in.next, err) ||
      !read_string(t, "action", key + ".action", false, action, err) ||
      !read_string(t, "transfer_to", key + ".transfer_to", false, in.transfer_to, err)) {
    return err;
  }
  if (!action.empty() && action != "end_call" && action != "transfer_call")
    return error(key + ".action",
                 "unknown action '" + action + "' (\"end_call\" or \"transfer_call\")");
  in.end_call = action == "end_call";
  if ((action == "transfer_call") != !in.transfer_to.empty())
    return error(key + ".transfer_to",
                 "is required with, and only with, action = \"transfer_call\"");
  if (const toml::node* s = t.get("slots")) {
    const toml::table* st = s->as_table();
    if (st == nullptr) return error(key + ".slots", "must be a table of slot = [values]");
    for (const auto& [name, values] : *st) {
      std::vector<std::string> raw;
      const std::string skey = key + ".slots." + std::string(name.str());
      if (!read_string_list(&values, skey, raw, err)) return err;
      auto& dst = in.slots[std::string(name.str())];
      for (const auto& v : raw) dst.push_back(normalise_text(v));
    }
  }
  std::vector<std::string> raw;
  if (!read_string_list(t.get("phrases"), key + ".phrases", raw, err)) return err;
  for (size_t i = 0; i < raw.size(); ++i) {
    in.phrases.push_back(normalise_phrase(raw[i]));
    for (const auto& w : split_words(in.phrases.back())) {
      if (w.front() == '<' && !in.slots.contains(w.substr(1, w.size() - 2))) {
        return error(key + ".phrases[" + std::to_string(i) + "]",
                     "unknown slot " + w + " (declare it in " + key + ".slots)");
      }
    }
  }
  return std::nullopt;
}

std::optional<SpecError> parse_state(const toml::table& t, const std::string& key, StateSpec& st) {
  std::optional<SpecError> err;
  if (!read_string(t, "name", key + ".name", true, st.name, err) ||
      !read_string(t, "prompt", key + ".prompt", false, st.prompt, err)) {
    return err;
  }
  const toml::array* intents = t.get("intents") != nullptr ? t.get("intents")->as_array() : nullptr;
  if (intents == nullptr || intents->empty())
    return error(key + ".intents", "missing (each state needs [[states.intents]])");
  for (size_t i = 0; i < intents->size(); ++i) {
    const std::string ikey = key + ".intents[" + std::to_string(i) + "]";
    const toml::table* it = intents->get(i)->as_table();
    if (it == nullptr) return error(ikey, "must be a table");
    st.intents.emplace_back();
    if (auto e = parse_intent(*it, ikey, st.intents.back())) return e;
  }
  return std::nullopt;
}

// Cross-references: next states exist, {slot} in replies/prompts is declared somewhere.
std::optional<SpecError> validate(const AgentSpec& spec) {
  std::set<std::string> slots;
  for (const auto& s : spec.states)
    for (const auto& i : s.intents)
      for (const auto& [n, v] : i.slots) slots.insert(n);
  auto check_refs = [&](const std::string& text,
                        const std::string& key) -> std::optional<SpecError> {
    for (size_t p = text.find('{'); p != std::string::npos; p = text.find('{', p + 1)) {
      const size_t q = text.find('}', p);
      const std::string name = q == std::string::npos ? "" : text.substr(p + 1, q - p - 1);
      if (!slots.contains(name)) return error(key, "refers to unknown slot {" + name + "}");
    }
    return std::nullopt;
  };
  for (size_t si = 0; si < spec.states.size(); ++si) {
    const auto& s = spec.states[si];
    const std::string skey = "states[" + std::to_string(si) + "]";
    if (auto e = check_refs(s.prompt, skey + ".prompt")) return e;
    for (size_t ii = 0; ii < s.intents.size(); ++ii) {
      const auto& in = s.intents[ii];
      const std::string ikey = skey + ".intents[" + std::to_string(ii) + "]";
      if (!in.next.empty() && spec.find_state(in.next) == nullptr) {
        return error(ikey + ".next", "unknown state '" + in.next + "'");
      }
      if (auto e = check_refs(in.reply, ikey + ".reply")) return e;
    }
  }
  if (spec.find_state(spec.start_state) == nullptr)
    return error("start", "unknown state '" + spec.start_state + "'");
  return check_refs(spec.greeting, "greeting");
}

}  // namespace

const StateSpec* AgentSpec::find_state(std::string_view name) const {
  for (const auto& s : states)
    if (s.name == name) return &s;
  return nullptr;
}

std::string normalise_text(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '\'') {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      space = true;
    }
  }
  return out;
}

std::vector<std::string> split_words(std::string_view normalised) {
  std::vector<std::string> out;
  std::istringstream in{std::string(normalised)};
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

SpecResult parse_agent_spec(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return common::unexpected(SpecError{"", "TOML syntax error at line " +
                                                std::to_string(e.source().begin.line) + ": " +
                                                std::string(e.description())});
  }
  AgentSpec spec;
  std::optional<SpecError> err;
  if (!read_string(root, "greeting", "greeting", true, spec.greeting, err) ||
      !read_string(root, "fallback", "fallback", true, spec.fallback, err) ||
      !read_string(root, "start", "start", false, spec.start_state, err)) {
    return common::unexpected(*err);
  }
  if (const toml::node* kt = root.get("keyword_threshold")) {
    auto v = kt->value<double>();
    if (!v || *v <= 0.0 || *v > 1.0)
      return common::unexpected(error("keyword_threshold", "must be a number in (0, 1]"));
    spec.keyword_threshold = *v;
  }
  const toml::array* states =
      root.get("states") != nullptr ? root.get("states")->as_array() : nullptr;
  if (states == nullptr || states->empty())
    return common::unexpected(error("states", "missing (at least one [[states]])"));
  for (size_t i = 0; i < states->size(); ++i) {
    const std::string key = "states[" + std::to_string(i) + "]";
    const toml::table* t = states->get(i)->as_table();
    if (t == nullptr) return common::unexpected(error(key, "must be a table"));
    spec.states.emplace_back();
    if (auto e = parse_state(*t, key, spec.states.back())) return common::unexpected(*e);
  }
  if (spec.start_state.empty()) spec.start_state = spec.states.front().name;
  if (auto e = validate(spec)) return common::unexpected(*e);
  return spec;
}

SpecResult load_agent_spec(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::unexpected(SpecError{"", path + ": cannot open agent file"});
  std::ostringstream text;
  text << in.rdbuf();
  auto r = parse_agent_spec(text.str());
  if (!r) return common::unexpected(SpecError{r.error().key, path + ": " + r.error().message});
  return r;
}

}  // namespace voxgate::agent
