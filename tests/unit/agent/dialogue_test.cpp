#include "agent/dialogue.hpp"

#include <gtest/gtest.h>

#include "agent/agent_spec.hpp"

namespace voxgate::agent {
namespace {

const std::string kDental = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";

std::shared_ptr<const AgentSpec> dental() {
  auto r = load_agent_spec(kDental);
  if (!r) ADD_FAILURE() << r.error().message;
  return std::make_shared<const AgentSpec>(std::move(r).value());
}

TEST(Dialogue, FullBookingConversation) {
  Dialogue d(dental());
  EXPECT_NE(d.greeting().find("Bright Smile Dental"), std::string::npos);
  EXPECT_EQ(d.current_state(), "start");

  Turn t = d.on_caller_text("I would like to book an appointment.");
  EXPECT_EQ(t.intent, "book");
  EXPECT_EQ(d.current_state(), "day");

  t = d.on_caller_text("um wednesday please");
  EXPECT_EQ(t.intent, "pick_day");
  EXPECT_EQ(t.slots.at("day"), "wednesday");
  EXPECT_EQ(t.reply, "wednesday, great. Would you prefer the morning or the afternoon?");

  t = d.on_caller_text("in the afternoon");
  EXPECT_EQ(t.slots.at("period"), "afternoon");
  EXPECT_EQ(t.reply, "So that is wednesday in the afternoon. Shall I book it?");
  EXPECT_FALSE(t.end_call);

  t = d.on_caller_text("yes please");
  EXPECT_EQ(t.intent, "yes");
  EXPECT_TRUE(t.end_call);
  EXPECT_NE(t.reply.find("wednesday in the afternoon"), std::string::npos);
}

TEST(Dialogue, FallbackRepeatsPromptAndKeepsState) {
  Dialogue d(dental());
  d.on_caller_text("book an appointment");
  Turn t = d.on_caller_text("banana");
  EXPECT_EQ(t.intent, "");
  EXPECT_FALSE(t.end_call);
  EXPECT_EQ(t.reply, "Sorry, I did not catch that. Which day would you like? Monday to Friday.");
  EXPECT_EQ(d.current_state(), "day");
  EXPECT_EQ(d.on_caller_text("").intent, "");
}

TEST(Dialogue, KeywordOverlapCatchesNearMisses) {
  Dialogue d(dental());
  Turn t = d.on_caller_text("hello i really want to book an appointment today");
  EXPECT_EQ(t.intent, "book");
  t = d.on_caller_text("could we do friday");
  EXPECT_EQ(t.intent, "pick_day");
  EXPECT_EQ(t.slots.at("day"), "friday");
}

TEST(Dialogue, PersonAndGoodbye) {
  Dialogue d(dental());
  Turn t = d.on_caller_text("can i speak to a person");
  EXPECT_EQ(t.intent, "person");
  EXPECT_FALSE(t.end_call);
  EXPECT_EQ(t.transfer_to, "+15550100");  // the handoff calls transfer_call
  EXPECT_EQ(d.current_state(), "start");
  t = d.on_caller_text("no thank you goodbye");
  EXPECT_EQ(t.intent, "goodbye");
  EXPECT_TRUE(t.end_call);
}

TEST(Dialogue, GrammarHasEveryPhraseAndSlotAlternatives) {
  Dialogue d(dental());
  const std::string g = d.grammar_for_current_state();
  EXPECT_EQ(g.rfind("#JSGF V1.0;", 0), 0u);
  EXPECT_NE(g.find("i would like to book an appointment"), std::string::npos);
  EXPECT_NE(g.find("can i speak to a person"), std::string::npos);
  EXPECT_NE(g.find("no thank you goodbye"), std::string::npos);
  EXPECT_NE(g.find("public <utterance> = [<filler>]"), std::string::npos);
  d.on_caller_text("book an appointment");
  const std::string day = d.grammar_for_current_state();
  EXPECT_NE(day.find("monday | tuesday | wednesday | thursday | friday"), std::string::npos);
  EXPECT_NE(day.find("on <slot_0_day>"), std::string::npos);
  EXPECT_EQ(day.find("three"), std::string::npos);
}

std::string spec_error(const std::string& toml) {
  auto r = parse_agent_spec(toml);
  return r ? std::string("(loaded)") : r.error().message;
}

constexpr const char* kState = R"(
[[states]]
name = "start"
  [[states.intents]]
  name = "hi"
  phrases = ["hello"]
  reply = "hi"
)";

TEST(AgentSpec, ErrorsNameTheKey) {
  EXPECT_EQ(spec_error(std::string("fallback = \"x\"\n") + kState),
            "greeting: missing (a string is required)");
  EXPECT_EQ(spec_error(std::string("greeting = \"g\"\nfallback = \"x\"\n") + kState +
                       "  next = \"nowhere\"\n"),
            "states[0].intents[0].next: unknown state 'nowhere'");
  std::string bad_slot = std::string("greeting = \"g\"\nfallback = \"x\"\n") + kState;
  bad_slot.replace(bad_slot.find("[\"hello\"]"), 9, "[\"on <day>\"]");
  EXPECT_EQ(spec_error(bad_slot),
            "states[0].intents[0].phrases[0]: unknown slot <day> (declare it in "
            "states[0].intents[0].slots)");
  EXPECT_EQ(spec_error(std::string("greeting = \"hi {who}\"\nfallback = \"x\"\n") + kState),
            "greeting: refers to unknown slot {who}");
  EXPECT_EQ(spec_error("greeting = \"g\"\nfallback = \"x\"\n"),
            "states: missing (at least one [[states]])");
  EXPECT_NE(spec_error("greeting = ").find("TOML syntax error at line 1"), std::string::npos);
  EXPECT_EQ(spec_error(std::string("greeting = \"g\"\nfallback = \"x\"\n") + kState +
                       "  action = \"transfer_call\"\n"),
            "states[0].intents[0].transfer_to: is required with, and only with, action = "
            "\"transfer_call\"");
}

TEST(AgentSpec, LoadErrorsNameTheFile) {
  auto r = load_agent_spec("/nonexistent/agent.toml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("/nonexistent/agent.toml"), std::string::npos);
}

}  // namespace
}  // namespace voxgate::agent
