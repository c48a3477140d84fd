#pragma once
// Matching a recognised sentence against an intent's phrases: exact match
// with slot capture first, then keyword overlap. Pure functions used by
// Dialogue; thread-safe.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agent/agent_spec.hpp"

namespace voxgate::agent {

using Slots = std::map<std::string, std::string>;

// Words the grammar lets the caller add around any phrase; ignored when matching.
const std::vector<std::string>& filler_words();
// Words dropped from either end of a recognised sentence before matching:
// the grammar fillers plus hesitations other recognisers may report.
const std::vector<std::string>& ignored_words();

// words must equal the phrase, each <slot> token covering one slot value.
std::optional<Slots> match_exact(const IntentSpec& intent, const std::string& phrase,
                                 const std::vector<std::string>& words);

struct KeywordScore {
  double score = 0.0;  // fraction of the phrase's content words heard
  int hits = 0;
  Slots slots;
};

KeywordScore keyword_overlap(const IntentSpec& intent, const std::string& phrase,
                             const std::vector<std::string>& words);

}  // namespace voxgate::agent
