#include "agent/dialogue.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "agent/phrase_match.hpp"

namespace voxgate::agent {
namespace {

// JSGF rule names allow letters, digits and underscores.
std::string rule_id(std::string_view s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  return out;
}

std::string jsgf_phrase(const std::string& phrase, size_t intent_index) {
  std::string out;
  for (const auto& tok : split_words(phrase)) {
    if (!out.empty()) out += ' ';
    if (tok.front() == '<') {
      out += "<slot_" + std::to_string(intent_index) + "_" +
             rule_id(tok.substr(1, tok.size() - 2)) + ">";
    } else {
      out += tok;
    }
  }
  return out;
}

std::vector<std::string> strip_fillers(std::vector<std::string> words) {
  const auto& f = ignored_words();
  auto is_filler = [&](const std::string& w) {
    return std::find(f.begin(), f.end(), w) != f.end();
  };
  while (!words.empty() && is_filler(words.front())) words.erase(words.begin());
  while (!words.empty() && is_filler(words.back())) words.pop_back();
  return words;
}

}  // namespace

Dialogue::Dialogue(std::shared_ptr<const AgentSpec> spec) : spec_(std::move(spec)) {
  state_ = spec_->find_state(spec_->start_state);
  if (state_ == nullptr) throw std::invalid_argument("Dialogue: spec has no start state");
}

std::string Dialogue::greeting() const {
  return render(spec_->greeting);
}

std::string Dialogue::prompt() const {
  return render(state_->prompt);
}

std::string Dialogue::grammar_for(const StateSpec& state) {
  std::string g = "#JSGF V1.0;\ngrammar state_" + rule_id(state.name) + ";\n";
  std::string fillers;
  for (const auto& f : filler_words()) fillers += (fillers.empty() ? "" : " | ") + f;
  g += "<filler> = " + fillers + ";\n";
  std::string alternatives;
  for (size_t i = 0; i < state.intents.size(); ++i) {
    const auto& in = state.intents[i];
    for (const auto& [name, values] : in.slots) {
      std::string alt;
      for (const auto& v : values) alt += (alt.empty() ? "" : " | ") + v;
      g += "<slot_" + std::to_string(i) + "_" + rule_id(name) + "> = " + alt + ";\n";
    }
    std::string phrases;
    for (const auto& p : in.phrases) phrases += (phrases.empty() ? "" : " | ") + jsgf_phrase(p, i);
    g += "<intent_" + std::to_string(i) + "> = " + phrases + ";\n";
    alternatives += (alternatives.empty() ? "" : " | ") + ("<intent_" + std::to_string(i) + ">");
  }
  g += "public <utterance> = [<filler>] ( " + alternatives + " ) [<filler>];\n";
  return g;
}

std::string Dialogue::grammar_for_current_state() const {
  return grammar_for(*state_);
}

std::vector<std::string> Dialogue::fixed_lines(const AgentSpec& spec) {
  std::vector<std::string> lines;
  // A line with a `{slot}` depends on the call; render() leaves the rest as is.
  auto add = [&](const std::string& text) {
    if (text.empty() || text.find('{') != std::string::npos) return;
    if (std::find(lines.begin(), lines.end(), text) == lines.end()) lines.push_back(text);
  };
  add(spec.greeting);
  for (const auto& state : spec.states) {
    add(state.prompt);
    // As on_caller_text() composes a fallback turn.
    if (spec.fallback.find('{') == std::string::npos) {
      add(state.prompt.empty() ? spec.fallback : spec.fallback + " " + state.prompt);
    }
    for (const auto& in : state.intents) add(in.reply);
  }
  return lines;
}

Turn Dialogue::on_caller_text(std::string_view recognised) {
  const auto words = strip_fillers(split_words(normalise_text(recognised)));
  const IntentSpec* best = nullptr;
  Slots captured;
  // Exact match first: with a grammar-constrained recogniser this is the
  // normal case.
  for (const auto& in : state_->intents) {
    for (const auto& p : in.phrases) {
      if (auto s = match_exact(in, p, words)) {
        best = &in;
        captured = std::move(*s);
        break;
      }
    }
    if (best != nullptr) break;
  }
  if (best == nullptr && !words.empty()) {
    KeywordScore top;
    for (const auto& in : state_->intents) {
      for (const auto& p : in.phrases) {
        KeywordScore k = keyword_overlap(in, p, words);
        if (k.score > top.score || (k.score == top.score && k.hits > top.hits)) {
          top = std::move(k);
          best = &in;
        }
      }
    }
    if (top.score < spec_->keyword_threshold)
      best = nullptr;
    else
      captured = std::move(top.slots);
  }
  Turn turn;
  if (best == nullptr) {
    turn.reply = render(spec_->fallback);
    if (!state_->prompt.empty()) turn.reply += " " + render(state_->prompt);
    return turn;
  }
  for (const auto& [k, v] : captured) slots_[k] = v;
  turn.intent = best->name;
  turn.slots = std::move(captured);
  turn.end_call = best->end_call;
  turn.transfer_to = best->transfer_to;
  turn.reply = render(best->reply);
  if (!best->next.empty()) state_ = spec_->find_state(best->next);
  return turn;
}

std::string Dialogue::render(const std::string& text) const {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    const size_t close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    auto it = slots_.find(text.substr(open + 1, close - open - 1));
    if (it != slots_.end()) out += it->second;
    pos = close + 1;
  }
  return out;
}

}  // namespace voxgate::agent
