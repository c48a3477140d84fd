#pragma once
// The history's carrier and transcript-text filters (ListQuery::carrier,
// ::text), checked the same way against every store: the SQLite tests and
// the PostgreSQL ones call check_list_filters with their store.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/call_store.hpp"
#include "store_test_util.hpp"

namespace voxgate::store::test {

inline std::vector<std::string> ids_of(const std::vector<CallRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records) out.push_back(r.id);
  return out;
}

inline std::vector<std::string> listed(CallStore& s, const std::string& carrier,
                                       const std::string& text,
                                       const std::string& end_reason = "") {
  ListQuery q;
  q.carrier = carrier;
  q.text = text;
  q.end_reason = end_reason;
  return ids_of(s.list(q));
}

inline CallRecord with_turn(const std::string& id, int64_t started, const std::string& carrier,
                            const std::string& text) {
  CallRecord r = sample(id, started, "caller_hangup");
  r.carrier = carrier;
  r.turns = {{"agent", "Hello", false, 0}};
  if (!text.empty()) r.turns.push_back({"caller", text, false, 100});
  return r;
}

inline void check_list_filters(CallStore& s) {
  using V = std::vector<std::string>;
  std::string error;
  for (const auto& r :
       {with_turn("a", 1000, "twilio", "I'd like to BOOK a table"),
        with_turn("b", 2000, "telnyx", "100% sure_thing"),
        with_turn("c", 3000, "twilio", "nothing to see"), with_turn("d", 4000, "telnyx", ""),
        with_turn("e", 5000, "vonage", "back\\slash and caf\xC3\xA9")}) {
    ASSERT_EQ(s.put(r, error), SaveOutcome::kSaved) << error;
  }
  EXPECT_EQ(listed(s, "twilio", ""), (V{"c", "a"}));
  EXPECT_EQ(listed(s, "telnyx", ""), (V{"d", "b"}));
  EXPECT_EQ(listed(s, "plivo", ""), V{});
  // Anywhere in a turn, ignoring ASCII case; every turn of the record counts.
  EXPECT_EQ(listed(s, "", "book"), V{"a"});
  EXPECT_EQ(listed(s, "", "hello"), (V{"e", "d", "c", "b", "a"}));
  // %, _ and \ are themselves, not wildcards or escapes.
  EXPECT_EQ(listed(s, "", "%"), V{"b"});
  EXPECT_EQ(listed(s, "", "_"), V{"b"});
  EXPECT_EQ(listed(s, "", "0% s"), V{"b"});
  EXPECT_EQ(listed(s, "", "e_t"), V{"b"});
  EXPECT_EQ(listed(s, "", "\\"), V{"e"});
  EXPECT_EQ(listed(s, "", "caf\xC3\xA9"), V{"e"});
  EXPECT_EQ(listed(s, "", "no such words"), V{});
  // Filters combine.
  EXPECT_EQ(listed(s, "telnyx", "sure"), V{"b"});
  EXPECT_EQ(listed(s, "telnyx", "book"), V{});
  EXPECT_EQ(listed(s, "twilio", "table", "caller_hangup"), V{"a"});
  EXPECT_EQ(listed(s, "twilio", "table", "ai_failure"), V{});
}

}  // namespace voxgate::store::test
