#include "agent/phrase_match.hpp"

#include <algorithm>
#include <set>

namespace voxgate::agent {
namespace {

// Function words carry no intent; counting them would let "i would like to
// ..." match every "i would like ..." phrase.
bool is_stop_word(const std::string& w) {
  static const std::set<std::string> kStop{"i",     "a",      "an", "the", "to",   "my",   "me",
                                           "is",    "it",     "of", "and", "in",   "on",   "for",
                                           "would", "like",   "do", "can", "be",   "that", "this",
                                           "at",    "please", "um", "uh",  "well", "okay"};
  return kStop.contains(w);
}

bool is_slot(const std::string& tok) {
  return tok.size() > 2 && tok.front() == '<' && tok.back() == '>';
}

std::string slot_name(const std::string& tok) {
  return tok.substr(1, tok.size() - 2);
}

bool match_from(const IntentSpec& intent, const std::vector<std::string>& pat, size_t pi,
                const std::vector<std::string>& words, size_t wi, Slots& slots) {
  if (pi == pat.size()) return wi == words.size();
  if (!is_slot(pat[pi]))
    return wi < words.size() && words[wi] == pat[pi] &&
           match_from(intent, pat, pi + 1, words, wi + 1, slots);
  const std::string name = slot_name(pat[pi]);
  for (const auto& value : intent.slots.at(name)) {
    const auto vw = split_words(value);
    if (wi + vw.size() > words.size() ||
        !std::equal(vw.begin(), vw.end(), words.begin() + static_cast<long>(wi)))
      continue;
    slots[name] = value;
    if (match_from(intent, pat, pi + 1, words, wi + vw.size(), slots)) return true;
    slots.erase(name);
  }
  return false;
}

}  // namespace

const std::vector<std::string>& filler_words() {
  // Not "um"/"uh": in the grammar they matched the silence and breath around
  // a turn (measured: "uh no thank you goodbye uh" from a clean kal16 line).
  static const std::vector<std::string> kFillers{"well", "okay", "please"};
  return kFillers;
}

const std::vector<std::string>& ignored_words() {
  static const std::vector<std::string> kIgnored{"um", "uh", "er", "well", "okay", "please"};
  return kIgnored;
}

std::optional<Slots> match_exact(const IntentSpec& intent, const std::string& phrase,
                                 const std::vector<std::string>& words) {
  Slots slots;
  if (match_from(intent, split_words(phrase), 0, words, 0, slots)) return slots;
  return std::nullopt;
}

KeywordScore keyword_overlap(const IntentSpec& intent, const std::string& phrase,
                             const std::vector<std::string>& words) {
  KeywordScore out;
  int content = 0;
  const std::set<std::string> heard(words.begin(), words.end());
  for (const auto& tok : split_words(phrase)) {
    if (is_slot(tok)) {
      ++content;
      for (const auto& value : intent.slots.at(slot_name(tok))) {
        const auto vw = split_words(value);
        if (std::all_of(vw.begin(), vw.end(),
                        [&](const std::string& w) { return heard.contains(w); })) {
          out.slots[slot_name(tok)] = value;
          ++out.hits;
          break;
        }
      }
    } else if (!is_stop_word(tok)) {
      ++content;
      if (heard.contains(tok)) ++out.hits;
    }
  }
  out.score = content == 0 ? 0.0 : static_cast<double>(out.hits) / content;
  return out;
}

}  // namespace voxgate::agent
