// GPT-Live server events: each type parsed (PROTOCOLS-LIVE 3), bad input
// rejected with a reason, unknown types kept as Unknown.

#include <gtest/gtest.h>

#include "live/codec.hpp"

namespace voxgate::live {
namespace {

template <typename T>
T parsed(std::string_view text) {
  auto r = parse_server_event(text);
  EXPECT_TRUE(bool(r)) << text;
  if (!r) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*r)) << text;
  return std::holds_alternative<T>(*r) ? std::get<T>(*r) : T{};
}

ParseError rejected(std::string_view text) {
  auto r = parse_server_event(text);
  EXPECT_FALSE(bool(r)) << text;
  return r ? ParseError::kInvalidJson : r.error();
}

TEST(LiveServerParse, SessionStarted) {
  auto e = parsed<SessionStarted>(
      R"({"type":"session.started","event_id":"e1","session":{"id":"live_1","expires_at":1700000000,"model":"gpt-live-1","status":"active"}})");
  EXPECT_EQ(e, (SessionStarted{"live_1", 1700000000, "gpt-live-1"}));
  EXPECT_EQ(rejected(R"({"type":"session.started","session":{}})"), ParseError::kMissingField);
  EXPECT_EQ(rejected(R"({"type":"session.started"})"), ParseError::kMissingField);
}

TEST(LiveServerParse, OutputAudioDelta) {
  EXPECT_EQ(parsed<OutputAudioDelta>(R"({"type":"session.output_audio.delta","delta":"/38A"})"),
            OutputAudioDelta{"/38A"});
  EXPECT_EQ(rejected(R"({"type":"session.output_audio.delta","delta":"%%"})"),
            ParseError::kBadBase64);
  EXPECT_EQ(rejected(R"({"type":"session.output_audio.delta"})"), ParseError::kMissingField);
  EXPECT_EQ(rejected(R"({"type":"session.output_audio.delta","delta":5})"), ParseError::kWrongType);
}

TEST(LiveServerParse, TranscriptFragments) {
  EXPECT_EQ(
      parsed<TranscriptDelta>(
          R"({"type":"session.input_transcript.delta","delta":"Hi ","start_ms":200,"end_ms":400})"),
      (TranscriptDelta{Side::kInput, "Hi ", 200, 400}));
  EXPECT_EQ(
      parsed<TranscriptDelta>(R"({"type":"session.output_transcript.delta","delta":"Hello"})"),
      (TranscriptDelta{Side::kOutput, "Hello", 0, 0}));
  EXPECT_EQ(rejected(R"({"type":"session.output_transcript.delta","delta":"x","start_ms":"a"})"),
            ParseError::kWrongType);
}

TEST(LiveServerParse, CompletedFunctionCallInsideResponseEvent) {
  auto e = parsed<ResponseEvent>(R"({"type":"response.event","delegation_id":null,"event":{
      "type":"response.output_item.done","item":{"type":"function_call","status":"completed",
      "call_id":"c1","name":"end_call","arguments":"{}"}}})");
  EXPECT_FALSE(e.delegation_id.has_value());
  EXPECT_EQ(e.event.kind, BackendEvent::Kind::kFunctionCall);
  EXPECT_EQ(e.event.call_id, "c1");
  EXPECT_EQ(e.event.name, "end_call");
  EXPECT_EQ(e.event.arguments, "{}");
  EXPECT_EQ(rejected(R"({"type":"response.event","event":{"type":"response.output_item.done",
      "item":{"type":"function_call","status":"completed","name":"x"}}})"),
            ParseError::kMissingField);
}

TEST(LiveServerParse, IncompleteOrOtherItemsAreNotCalls) {
  auto e = parsed<ResponseEvent>(R"({"type":"response.event","event":{
      "type":"response.output_item.done","item":{"type":"function_call","status":"in_progress"}}})");
  EXPECT_EQ(e.event.kind, BackendEvent::Kind::kOther);
  auto m = parsed<ResponseEvent>(R"({"type":"response.event","delegation_id":"d","event":{
      "type":"response.output_item.done","item":{"type":"message","status":"completed"}}})");
  EXPECT_EQ(m.event.kind, BackendEvent::Kind::kOther);
  EXPECT_EQ(m.delegation_id, "d");
  auto o = parsed<ResponseEvent>(
      R"({"type":"response.event","event":{"type":"response.output_text.delta"}})");
  EXPECT_EQ(o.event.kind, BackendEvent::Kind::kOther);
  EXPECT_EQ(o.event.type, "response.output_text.delta");
  EXPECT_EQ(rejected(R"({"type":"response.event"})"), ParseError::kMissingField);
}

TEST(LiveServerParse, BackendResponseLifecycle) {
  auto c = parsed<ResponseEvent>(
      R"({"type":"response.event","event":{"type":"response.created","response":{"id":"r1"}}})");
  EXPECT_EQ(c.event.kind, BackendEvent::Kind::kCreated);
  EXPECT_EQ(c.event.response_id, "r1");
  auto d = parsed<ResponseEvent>(
      R"({"type":"response.event","event":{"type":"response.completed","response":{"id":"r1","output":[]}}})");
  EXPECT_EQ(d.event.kind, BackendEvent::Kind::kCompleted);
  auto f = parsed<ResponseEvent>(R"({"type":"response.event","event":{"type":"response.failed",
      "response":{"id":"r1","error":{"code":"server_error","message":"boom"}}}})");
  EXPECT_EQ(f.event.kind, BackendEvent::Kind::kFailed);
  EXPECT_EQ(f.event.error_code, "server_error");
  EXPECT_EQ(f.event.error_message, "boom");
  auto i =
      parsed<ResponseEvent>(R"({"type":"response.event","event":{"type":"response.incomplete"}})");
  EXPECT_EQ(i.event.kind, BackendEvent::Kind::kIncomplete);
}

TEST(LiveServerParse, DelegationUsageClosedErrorInfo) {
  EXPECT_EQ(parsed<DelegationCreated>(R"({"type":"session.delegation.created","offset_ms":5,
      "delegation":{"id":"d1","type":"delegation","target":"client"}})"),
            (DelegationCreated{"d1", "client"}));
  EXPECT_EQ(parsed<UsageUpdated>(R"({"type":"session.usage.updated","usage":{"seconds":12.5}})"),
            UsageUpdated{12.5});
  EXPECT_EQ(
      parsed<SessionClosed>(
          R"({"type":"session.closed","reason":"expired","session":{},"usage":{"seconds":60}})"),
      (SessionClosed{"expired", 60}));
  EXPECT_EQ(parsed<Error>(R"({"type":"error","error":{"type":"invalid_request_error",
      "code":"unknown_parameter","message":"bad","client_event_id":"x"}})"),
            (Error{"invalid_request_error", "unknown_parameter", "bad", "x"}));
  EXPECT_EQ(rejected(R"({"type":"error"})"), ParseError::kMissingField);
  EXPECT_EQ(parsed<Info>(R"({"type":"info","code":"c","message":"m"})"), (Info{"c", "m"}));
}

TEST(LiveServerParse, AcksAndUnknownTypes) {
  EXPECT_EQ(parsed<Ack>(R"({"type":"session.commentary.appended","start_ms":1,"end_ms":2})"),
            Ack{"session.commentary.appended"});
  EXPECT_EQ(parsed<Ack>(R"({"type":"session.updated","session":{}})"), Ack{"session.updated"});
  EXPECT_EQ(parsed<Unknown>(R"({"type":"decision.event"})"), Unknown{"decision.event"});
}

TEST(LiveServerParse, MalformedInputIsAnErrorValue) {
  EXPECT_EQ(rejected("not json"), ParseError::kInvalidJson);
  EXPECT_EQ(rejected("[1]"), ParseError::kNotObject);
  EXPECT_EQ(rejected("{}"), ParseError::kMissingType);
  EXPECT_EQ(rejected(R"({"type":7})"), ParseError::kWrongType);
  EXPECT_EQ(rejected(std::string(kMaxEventBytes + 1, ' ')), ParseError::kTooLarge);
}

}  // namespace
}  // namespace voxgate::live
