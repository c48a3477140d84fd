// GPT-Live client events: the exact JSON voxgate sends (PROTOCOLS-LIVE 2, 4).
// Exact text comparisons: the service rejects unknown fields in session.start.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "live/codec.hpp"

namespace voxgate::live {
namespace {

namespace json = boost::json;

// Compared as parsed JSON: member order is not part of the protocol.
void expect_json(const ClientEvent& e, std::string_view expected) {
  EXPECT_EQ(json::parse(encode(e)), json::parse(expected)) << encode(e);
}

TEST(LiveClientEncode, SessionStartClientDelegationHasExactlyTheFields) {
  StartConfig s;
  s.instructions = "Be brief.";
  expect_json(SessionStart{s}, R"({"type":"session.start","session":{
      "model":"gpt-live-1","instructions":"Be brief.","input":[],
      "audio":{"format":{"type":"audio/pcmu","rate":8000},"output":{"voice":"marin"}},
      "delegation":{"type":"client"},"store":false}})");
}

TEST(LiveClientEncode, SessionStartWithHistoryAndResponsesTools) {
  StartConfig s;
  s.model = "gpt-live-1";
  s.voice = "cedar";
  s.input = {{"user", "Hi"}, {"assistant", "Hello!"}};
  s.delegation = ResponsesDelegation{
      "gpt-5-mini", "", {{"end_call", "Hang up.", R"({"type":"object","properties":{}})"}}};
  expect_json(SessionStart{s}, R"({"type":"session.start","session":{
      "model":"gpt-live-1","instructions":"",
      "input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]},
               {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello!"}]}],
      "audio":{"format":{"type":"audio/pcmu","rate":8000},"output":{"voice":"cedar"}},
      "delegation":{"type":"responses","responses":{"model":"gpt-5-mini","tools":[
        {"type":"function","name":"end_call","description":"Hang up.",
         "parameters":{"type":"object","properties":{}}}]}},
      "store":false}})");
}

TEST(LiveClientEncode, BadToolSchemaBecomesAnEmptyObjectSchema) {
  StartConfig s;
  s.delegation = ResponsesDelegation{"m", "Use tools.", {{"t", "d", "not json"}}};
  json::value v = json::parse(encode(SessionStart{s}));
  const json::value& r = v.at("session").at("delegation").at("responses");
  EXPECT_EQ(r.at("instructions"), "Use tools.");
  EXPECT_EQ(r.at("tools").at(0).at("parameters"), json::parse(R"({"type":"object"})"));
}

TEST(LiveClientEncode, AudioAppendPassesThePayloadUntouched) {
  expect_json(InputAudioAppend{"/w8A/w=="},
              R"({"type":"session.input_audio.append","audio":"/w8A/w=="})");
}

TEST(LiveClientEncode, AppendsAlwaysCarryDelegationId) {
  expect_json(
      ContextAppend{AppendKind::kCommentary, std::nullopt, "Greet the caller."},
      R"({"type":"session.commentary.append","delegation_id":null,"content":"Greet the caller."})");
  expect_json(ContextAppend{AppendKind::kThinking, std::string("d1"), "Pressed 5"},
              R"({"type":"session.thinking.append","delegation_id":"d1","content":"Pressed 5"})");
  expect_json(
      ContextAppend{AppendKind::kInstructions, std::nullopt, "Speak Spanish."},
      R"({"type":"session.instructions.append","delegation_id":null,"content":"Speak Spanish."})");
}

TEST(LiveClientEncode, FunctionOutputResponseCreateAndClose) {
  expect_json(
      FunctionOutput{"call_1", R"({"ok":true})"},
      R"({"type":"response.item.create","item":{"type":"function_call_output","call_id":"call_1","output":"{\"ok\":true}"}})");
  expect_json(ResponseCreate{}, R"({"type":"response.create"})");
  expect_json(SessionClose{}, R"({"type":"session.close"})");
}

}  // namespace
}  // namespace voxgate::live
