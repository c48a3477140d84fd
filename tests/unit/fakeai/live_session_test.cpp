// The fake GPT-Live session (PROTOCOLS-LIVE) driven with explicit time.
#include "fakeai/live_session.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "audio/base64.hpp"

namespace voxgate::fakeai {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using TimePoint = common::TimePoint;

const TimePoint kT0 = TimePoint{} + std::chrono::hours(1);
constexpr const char* kStart =
    R"({"type":"session.start","session":{"model":"gpt-live-1","instructions":"Be brief.",)"
    R"("input":[],"audio":{"format":{"type":"audio/pcmu","rate":8000},"output":{"voice":"marin"}},)"
    R"("delegation":{"type":"client"},"store":false}})";
constexpr const char* kResponsesStart =
    R"({"type":"session.start","session":{"model":"gpt-live-1","audio":{"format":)"
    R"({"type":"audio/pcmu","rate":8000}},"delegation":{"type":"responses","responses":)"
    R"({"model":"gpt-5","tools":[{"type":"function","name":"end_call","description":"d",)"
    R"("parameters":{"type":"object"}}]}}}})";
constexpr const char* kGreet =
    R"({"type":"session.commentary.append","delegation_id":null,"content":"Greet now."})";

CallScript make_script(double seconds = 1.0) {
  CallScript s;
  s.protocol = ScriptProtocol::kLive;
  s.response_seconds = seconds;
  s.reply_text = "Hello there caller";
  s.reply_ulaw = std::make_shared<const std::string>(static_cast<size_t>(seconds * 8000), '\x55');
  return s;
}

std::vector<json::object> events(const std::vector<Action>& actions) {
  std::vector<json::object> out;
  for (const auto& a : actions)
    if (a.kind == Action::Kind::kSendRaw) out.push_back(json::parse(a.raw).as_object());
  return out;
}

std::vector<json::object> of_type(const std::vector<json::object>& evs, std::string_view type) {
  std::vector<json::object> out;
  for (const auto& e : evs)
    if (e.at("type").as_string() == type) out.push_back(e);
  return out;
}

// Fires every deadline up to `until`, collecting the events.
std::vector<json::object> run_until(LiveSession& s, TimePoint until) {
  std::vector<json::object> out;
  while (auto d = s.next_deadline()) {
    if (*d > until) break;
    for (auto& e : events(s.on_timer(*d))) out.push_back(std::move(e));
  }
  return out;
}

std::string b64_bytes(size_t n, uint8_t c) {
  return audio::base64_encode(std::vector<uint8_t>(n, c));
}

TEST(LiveSessionTest, SessionStartedAnswersAStrictStartAndStreamsSilence) {
  auto script = make_script();
  LiveSession s(script, true, kT0);
  EXPECT_TRUE(s.start().empty());  // the client speaks first
  auto out = events(s.on_client_text(kStart, kT0));
  auto started = of_type(out, "session.started");
  ASSERT_EQ(started.size(), 1u);
  const auto& session = started[0].at("session").as_object();
  EXPECT_EQ(session.at("id").as_string(), "live_1");
  EXPECT_EQ(session.at("status").as_string(), "active");
  EXPECT_EQ(session.at("audio").at("format").at("type").as_string(), "audio/pcmu");
  EXPECT_EQ(s.stats().live_formats.at("audio/pcmu@8000"), 1u);
  // Between turns the stream carries silence, paced in real time.
  auto later = run_until(s, kT0 + milliseconds(450));
  auto deltas = of_type(later, "session.output_audio.delta");
  EXPECT_EQ(deltas.size() + of_type(out, "session.output_audio.delta").size(), 5u);
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(audio::base64_decode(deltas[0].at("delta").as_string(), bytes));
  EXPECT_EQ(bytes, std::vector<uint8_t>(800, 0xFF));
  EXPECT_TRUE(of_type(later, "session.output_transcript.delta").empty());
}

TEST(LiveSessionTest, UnknownFieldInSessionStartIsUnknownParameter) {
  auto script = make_script();
  LiveSession s(script, true, kT0);
  std::string bad = kStart;
  bad.replace(bad.find("\"store\""), 7, "\"turn_detection\":{},\"store\"");
  auto out = events(s.on_client_text(bad, kT0));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].at("type").as_string(), "error");
  EXPECT_EQ(out[0].at("error").at("code").as_string(), "unknown_parameter");
  EXPECT_EQ(out[0].at("error").at("param").as_string(), "session.turn_detection");
  // Not started: audio is refused too.
  auto more = events(s.on_client_text(
      R"({"type":"session.input_audio.append","audio":")" + b64_bytes(160, 0x55) + "\"}", kT0));
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0].at("error").at("code").as_string(), "session_not_started");
}

TEST(LiveSessionTest, FormatNeedsItsRateAndNestedUnknownsAreNamed) {
  auto script = make_script();
  LiveSession s(script, true, kT0);
  std::string no_rate = kStart;
  no_rate.replace(no_rate.find(",\"rate\":8000"), 12, "");
  auto out = events(s.on_client_text(no_rate, kT0));
  EXPECT_EQ(out.at(0).at("error").at("code").as_string(), "missing_required_parameter");
  EXPECT_EQ(out.at(0).at("error").at("param").as_string(), "session.audio.format.rate");
  std::string nested = kStart;
  nested.replace(nested.find("\"voice\":\"marin\""), 15, "\"voice\":\"marin\",\"speed\":1");
  out = events(s.on_client_text(nested, kT0));
  EXPECT_EQ(out.at(0).at("error").at("param").as_string(), "session.audio.output.speed");
}

TEST(LiveSessionTest, CommentaryGreetingIsSpokenWithTimedTranscript) {
  auto script = make_script(1.0);  // 10 deltas of 100 ms
  script.output_silence = false;
  LiveSession s(script, true, kT0);
  s.on_client_text(kStart, kT0);
  auto out = events(s.on_client_text(kGreet, kT0 + milliseconds(1000)));
  ASSERT_EQ(of_type(out, "session.commentary.appended").size(), 1u);
  EXPECT_EQ(of_type(out, "session.commentary.appended")[0].at("start_ms").as_int64(), 1000);
  EXPECT_EQ(of_type(out, "session.output_audio.delta").size(), 1u);  // the first at once
  EXPECT_TRUE(s.speaking());
  auto rest = run_until(s, kT0 + milliseconds(2500));
  EXPECT_EQ(of_type(rest, "session.output_audio.delta").size(), 9u);
  auto words = of_type(out, "session.output_transcript.delta");
  for (auto& w : of_type(rest, "session.output_transcript.delta")) words.push_back(w);
  ASSERT_EQ(words.size(), 3u);  // spread over the deltas: the 4th carries the first
  EXPECT_EQ(words[0].at("delta").as_string(), "Hello");
  EXPECT_EQ(words[0].at("start_ms").as_int64(), 1300);
  EXPECT_EQ(words[0].at("end_ms").as_int64(), 1400);
  EXPECT_FALSE(s.speaking());
  EXPECT_EQ(s.stats().responses_completed, 1u);
  EXPECT_EQ(of_type(rest, "session.usage.updated").size(), 1u);
}

TEST(LiveSessionTest, AppendWithoutDelegationIdKeyIsRejected) {
  auto script = make_script();
  LiveSession s(script, true, kT0);
  s.on_client_text(kStart, kT0);
  auto out =
      events(s.on_client_text(R"({"type":"session.thinking.append","content":"DTMF 1"})", kT0));
  ASSERT_EQ(of_type(out, "error").size(), 1u);
  EXPECT_EQ(of_type(out, "error")[0].at("error").at("param").as_string(), "delegation_id");
  out = events(s.on_client_text(
      R"({"type":"session.thinking.append","delegation_id":null,"content":"DTMF 1"})", kT0));
  EXPECT_EQ(of_type(out, "session.thinking.appended").size(), 1u);
  EXPECT_FALSE(s.speaking());  // thinking is silent
}

TEST(LiveSessionTest, CallerTalkingOverTheModelMakesItYieldThenItAnswers) {
  auto script = make_script(2.0);
  script.output_silence = false;
  script.live_yield_ms = 300;
  script.caller_transcript = "I need help";
  script.events = {{500, ScriptedEvent::Type::kSpeechStarted},
                   {1500, ScriptedEvent::Type::kSpeechStopped}};
  LiveSession s(script, true, kT0);
  s.on_client_text(kStart, kT0);
  auto out = events(s.on_client_text(kGreet, kT0));
  auto until_quiet = run_until(s, kT0 + milliseconds(1400));
  // Deltas at 0..700 ms: the yield lands at 800 ms.
  EXPECT_EQ(of_type(out, "session.output_audio.delta").size() +
                of_type(until_quiet, "session.output_audio.delta").size(),
            8u);
  EXPECT_EQ(s.stats().responses_interrupted, 1u);
  EXPECT_FALSE(s.speaking());
  auto answer = run_until(s, kT0 + milliseconds(1500));
  auto input = of_type(answer, "session.input_transcript.delta");
  ASSERT_EQ(input.size(), 3u);
  EXPECT_EQ(input[0].at("start_ms").as_int64(), 500);
  EXPECT_EQ(input[2].at("end_ms").as_int64(), 1500);
  EXPECT_TRUE(s.speaking());  // the answer
}

TEST(LiveSessionTest, ResponsesToolCallsWaitForEveryOutputBeforeResponseCreate) {
  auto script = make_script(0.2);
  script.output_silence = false;
  script.tool_calls = {{1, "lookup", R"({"q":1})"}, {1, "end_call", "{}"}};
  LiveSession s(script, true, kT0);
  s.on_client_text(kResponsesStart, kT0);
  s.on_client_text(kGreet, kT0);
  auto out = run_until(s, kT0 + milliseconds(300));
  auto deleg = of_type(out, "session.delegation.created");
  ASSERT_EQ(deleg.size(), 1u);
  EXPECT_EQ(deleg[0].at("delegation").at("target").as_string(), "responses");
  auto wrapped = of_type(out, "response.event");
  ASSERT_EQ(wrapped.size(), 4u);  // created, two calls, completed
  EXPECT_EQ(wrapped[1].at("event").at("item").at("call_id").as_string(), "call_1");
  EXPECT_EQ(wrapped[3].at("event").at("type").as_string(), "response.completed");
  EXPECT_TRUE(wrapped[3].at("event").at("response").at("output").as_array().empty());
  const TimePoint t = kT0 + milliseconds(400);
  s.on_client_text(
      R"({"type":"response.item.create","item":{"type":"function_call_output","call_id":"call_1","output":"ok"}})",
      t);
  auto early = events(s.on_client_text(R"({"type":"response.create"})", t));
  ASSERT_EQ(of_type(early, "error").size(), 1u);
  EXPECT_EQ(of_type(early, "error")[0].at("error").at("code").as_string(),
            "missing_function_call_output");
  s.on_client_text(
      R"({"type":"response.item.create","item":{"type":"function_call_output","call_id":"call_2","output":"ok"}})",
      t);
  auto go = events(s.on_client_text(R"({"type":"response.create"})", t));
  EXPECT_TRUE(of_type(go, "error").empty());
  EXPECT_TRUE(s.speaking());  // the continuation
  EXPECT_EQ(s.stats().tool_calls, 2u);
}

TEST(LiveSessionTest, ClientDelegationIsAnsweredByCommentaryWithItsId) {
  auto script = make_script(0.1);
  script.output_silence = false;
  script.tool_calls = {{1, "lookup", "{}"}};
  LiveSession s(script, true, kT0);
  s.on_client_text(kStart, kT0);
  auto out = events(s.on_client_text(kGreet, kT0));  // one delta: the turn ends at once
  auto deleg = of_type(out, "session.delegation.created");
  ASSERT_EQ(deleg.size(), 1u);
  EXPECT_EQ(deleg[0].at("delegation").at("target").as_string(), "client");
  auto wrong = events(s.on_client_text(
      R"({"type":"session.commentary.append","delegation_id":"deleg_9","content":"x"})",
      kT0 + milliseconds(300)));
  EXPECT_EQ(of_type(wrong, "error").size(), 1u);
  auto ok = events(s.on_client_text(
      R"({"type":"session.commentary.append","delegation_id":"deleg_1","content":"Done."})",
      kT0 + milliseconds(300)));
  EXPECT_EQ(of_type(ok, "session.commentary.appended").size(), 1u);
  EXPECT_EQ(of_type(ok, "session.output_audio.delta").size(), 1u);  // the answer (one delta)
  EXPECT_EQ(s.stats().responses_started, 2u);
}

TEST(LiveSessionTest, SessionCloseEndsWithClosedThenTheSocket) {
  auto script = make_script();
  LiveSession s(script, true, kT0);
  s.on_client_text(kStart, kT0);
  auto actions = s.on_client_text(R"({"type":"session.close"})", kT0 + milliseconds(2000));
  auto out = events(actions);
  auto closed = of_type(out, "session.closed");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].at("reason").as_string(), "close_requested");
  EXPECT_DOUBLE_EQ(closed[0].at("usage").at("seconds").as_double(), 2.0);
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions.back().kind, Action::Kind::kClose);
  EXPECT_TRUE(s.closed());
}

TEST(LiveSessionTest, ScriptedSessionClosedReasonFaultAndHistoryIsCounted) {
  auto script = make_script();
  script.session_closed_after_ms = 1000;
  script.session_closed_reason = "connection_lost";
  LiveSession s(script, true, kT0);
  std::string with_history = kStart;
  with_history.replace(with_history.find("\"input\":[]"), 10,
                       R"("input":[{"type":"message","role":"user","content":)"
                       R"([{"type":"input_text","text":"hi"}]}])");
  s.on_client_text(with_history, kT0);
  EXPECT_EQ(s.stats().start_input_messages, std::vector<int64_t>{1});
  auto out = run_until(s, kT0 + milliseconds(1000));
  auto closed = of_type(out, "session.closed");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].at("reason").as_string(), "connection_lost");
  EXPECT_TRUE(s.closed());
}

}  // namespace
}  // namespace voxgate::fakeai
