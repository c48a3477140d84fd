// Client events: the wire shape voxgate sends, per dialect, checked field by
// field with Boost.JSON (PROTOCOLS.md "session.update", "Client events").

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "realtime/codec.hpp"

namespace voxgate::realtime {
namespace {

namespace json = boost::json;

SessionConfig sample_config() {
  SessionConfig c;
  c.instructions = "You are a helpful phone agent.";
  c.voice = "marin";
  c.turn_detection->interrupt_response = true;
  c.turn_detection->idle_timeout_ms = 6000;
  c.tools.push_back({"get_weather", "Weather for a city",
                     R"({"type":"object","properties":{"city":{"type":"string"}}})"});
  return c;
}

json::object encoded(const ClientEvent& e, Dialect d) {
  return json::parse(encode(e, d)).as_object();
}

void expect_turn_detection(const json::value& td) {
  EXPECT_EQ(td.at("type"), "server_vad");
  EXPECT_EQ(td.at("threshold").as_double(), 0.5);
  EXPECT_EQ(td.at("prefix_padding_ms"), 300);
  EXPECT_EQ(td.at("silence_duration_ms"), 500);
  EXPECT_EQ(td.at("create_response"), true);
  EXPECT_EQ(td.at("interrupt_response"), true);
  EXPECT_EQ(td.at("idle_timeout_ms"), 6000);
}

void expect_tools(const json::value& tools) {
  ASSERT_EQ(tools.as_array().size(), 1u);
  const json::value& t = tools.at(0);
  EXPECT_EQ(t.at("type"), "function");
  EXPECT_EQ(t.at("name"), "get_weather");
  EXPECT_EQ(t.at("description"), "Weather for a city");
  EXPECT_EQ(t.at("parameters").at("properties").at("city").at("type"), "string");
}

TEST(ClientEncode, SessionUpdateGaShape) {
  json::object o = encoded(SessionUpdate{sample_config()}, Dialect::kGA);
  EXPECT_EQ(o.at("type"), "session.update");
  const json::value& s = o.at("session");
  EXPECT_EQ(s.at("type"), "realtime");
  EXPECT_EQ(s.at("model"), "gpt-realtime");
  EXPECT_EQ(s.at("output_modalities"), json::array({"audio"}));
  EXPECT_EQ(s.at("instructions"), "You are a helpful phone agent.");
  const json::value& in = s.at("audio").at("input");
  EXPECT_EQ(in.at("format").at("type"), "audio/pcmu");
  expect_turn_detection(in.at("turn_detection"));
  EXPECT_EQ(in.at("transcription").at("model"), "whisper-1");
  const json::value& out = s.at("audio").at("output");
  EXPECT_EQ(out.at("format").at("type"), "audio/pcmu");
  EXPECT_EQ(out.at("voice"), "marin");
  expect_tools(s.at("tools"));
  EXPECT_FALSE(s.as_object().contains("voice"));
  EXPECT_FALSE(s.as_object().contains("input_audio_format"));
}

TEST(ClientEncode, SessionUpdateBetaShape) {
  json::object o = encoded(SessionUpdate{sample_config()}, Dialect::kBeta);
  EXPECT_EQ(o.at("type"), "session.update");
  const json::value& s = o.at("session");
  EXPECT_EQ(s.at("modalities"), json::array({"text", "audio"}));
  EXPECT_EQ(s.at("input_audio_format"), "g711_ulaw");
  EXPECT_EQ(s.at("output_audio_format"), "g711_ulaw");
  EXPECT_EQ(s.at("voice"), "marin");
  EXPECT_EQ(s.at("instructions"), "You are a helpful phone agent.");
  expect_turn_detection(s.at("turn_detection"));
  EXPECT_EQ(s.at("input_audio_transcription").at("model"), "whisper-1");
  expect_tools(s.at("tools"));
  EXPECT_FALSE(s.as_object().contains("audio"));
  EXPECT_FALSE(s.as_object().contains("type"));
}

// A 24 kHz PCM call: GA names the type and its rate, beta says pcm16.
TEST(ClientEncode, SessionUpdatePcmNamesTwentyFourKilohertz) {
  SessionConfig c = sample_config();
  c.audio = SessionConfig::kPcm;
  const json::object ga = encoded(SessionUpdate{c}, Dialect::kGA);
  for (const char* dir : {"input", "output"}) {
    const json::value& f = ga.at("session").at("audio").at(dir).at("format");
    EXPECT_EQ(f.at("type"), "audio/pcm");
    EXPECT_EQ(f.at("rate"), 24000);
  }
  const json::object beta = encoded(SessionUpdate{c}, Dialect::kBeta);
  EXPECT_EQ(beta.at("session").at("input_audio_format"), "pcm16");
  EXPECT_EQ(beta.at("session").at("output_audio_format"), "pcm16");
  const json::object mulaw = encoded(SessionUpdate{sample_config()}, Dialect::kGA);
  EXPECT_FALSE(
      mulaw.at("session").at("audio").at("input").at("format").as_object().contains("rate"));
}

TEST(ClientEncode, DisabledTurnDetectionAndTranscriptionAreNull) {
  SessionConfig c;
  c.turn_detection.reset();
  c.transcription_model.reset();
  json::object ga = encoded(SessionUpdate{c}, Dialect::kGA);
  EXPECT_TRUE(ga.at("session").at("audio").at("input").at("turn_detection").is_null());
  EXPECT_TRUE(ga.at("session").at("audio").at("input").at("transcription").is_null());
  json::object beta = encoded(SessionUpdate{c}, Dialect::kBeta);
  EXPECT_TRUE(beta.at("session").at("turn_detection").is_null());
  EXPECT_TRUE(beta.at("session").at("input_audio_transcription").is_null());
}

TEST(ClientEncode, SemanticVadCarriesEagernessOnly) {
  SessionConfig c;
  c.turn_detection = TurnDetection{};
  c.turn_detection->type = "semantic_vad";
  c.turn_detection->eagerness = "low";
  json::object o = encoded(SessionUpdate{c}, Dialect::kGA);
  const json::object& td = o.at("session").at("audio").at("input").at("turn_detection").as_object();
  EXPECT_EQ(td.at("eagerness"), "low");
  EXPECT_FALSE(td.contains("threshold"));
  EXPECT_FALSE(td.contains("silence_duration_ms"));
}

TEST(ClientEncode, SmallEvents) {
  EXPECT_EQ(encoded(AudioCommit{}, Dialect::kGA),
            json::parse(R"({"type":"input_audio_buffer.commit"})"));
  EXPECT_EQ(encoded(AudioClear{}, Dialect::kBeta),
            json::parse(R"({"type":"input_audio_buffer.clear"})"));
  EXPECT_EQ(encoded(ItemTruncate{"item_1", 0, 1500}, Dialect::kGA),
            json::parse(R"({"type":"conversation.item.truncate","item_id":"item_1",
                            "content_index":0,"audio_end_ms":1500})"));
  EXPECT_EQ(encoded(ResponseCancel{}, Dialect::kGA), json::parse(R"({"type":"response.cancel"})"));
  EXPECT_EQ(encoded(ResponseCancel{"resp_1"}, Dialect::kGA),
            json::parse(R"({"type":"response.cancel","response_id":"resp_1"})"));
  EXPECT_EQ(encoded(ResponseCreate{}, Dialect::kGA), json::parse(R"({"type":"response.create"})"));
  EXPECT_EQ(
      encoded(ResponseCreate{"Greet the caller."}, Dialect::kBeta),
      json::parse(R"({"type":"response.create","response":{"instructions":"Greet the caller."}})"));
  EXPECT_EQ(encoded(ItemCreateFunctionOutput{"call_1", R"({"ok":true})"}, Dialect::kGA),
            json::parse(R"({"type":"conversation.item.create","item":{"type":"function_call_output",
                            "call_id":"call_1","output":"{\"ok\":true}"}})"));
}

TEST(ClientEncode, MessageContentTypeFollowsRoleAndDialect) {
  auto part_type = [](const std::string& role, Dialect d) {
    json::object o = encoded(ItemCreateMessage{role, "hi"}, d);
    EXPECT_EQ(o.at("item").at("type"), "message");
    EXPECT_EQ(o.at("item").at("role"), json::value(role));
    EXPECT_EQ(o.at("item").at("content").at(0).at("text"), "hi");
    return std::string(o.at("item").at("content").at(0).at("type").as_string());
  };
  EXPECT_EQ(part_type("user", Dialect::kGA), "input_text");
  EXPECT_EQ(part_type("system", Dialect::kBeta), "input_text");
  EXPECT_EQ(part_type("assistant", Dialect::kGA), "output_text");
  EXPECT_EQ(part_type("assistant", Dialect::kBeta), "text");
}

TEST(ClientEncode, AudioAppendFastPathMatchesGeneralEncoder) {
  const std::string b64 = "//79/Pv6+fg=";
  EXPECT_EQ(json::parse(encode_audio_append(b64)), encoded(AudioAppend{b64}, Dialect::kGA));
  EXPECT_EQ(encode_audio_append(b64),
            R"({"type":"input_audio_buffer.append","audio":"//79/Pv6+fg="})");
  // Not base64, but must still be valid JSON.
  EXPECT_EQ(json::parse(encode_audio_append("a\"b\\c\n")).at("audio"), "a\"b\\c\n");
}

TEST(ClientEncode, AudioAppendEscapesAnywhereInLongPayloads) {
  for (char bad : {'"', '\\', '\n', '\x01', '\x1f'}) {
    for (std::size_t pos : {0u, 7u, 8u, 15u, 31u, 33u}) {
      std::string payload(34, 'A');
      payload[pos] = bad;
      std::string text = encode_audio_append(payload);
      boost::system::error_code ec;
      json::value v = json::parse(text, ec);
      ASSERT_FALSE(ec) << text;
      EXPECT_EQ(v.at("audio"), json::value(payload));
    }
  }
}

TEST(ClientParse, GaSessionUpdateAsOpenAiDocumentsIt) {
  auto r = parse_client_event(R"({"type":"session.update","session":{"type":"realtime",
    "model":"gpt-realtime","instructions":"Be brief.","output_modalities":["audio"],
    "audio":{"input":{"format":{"type":"audio/pcmu"},"transcription":{"model":"gpt-4o-transcribe"},
    "turn_detection":{"type":"semantic_vad","eagerness":"high","create_response":true,
    "interrupt_response":true}},"output":{"format":{"type":"audio/pcmu"},"voice":"cedar"}},
    "tools":[{"type":"function","name":"hang_up","description":"End the call",
    "parameters":{"type":"object","properties":{}}}]}})");
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  const SessionConfig& s = std::get<SessionUpdate>(*r).session;
  EXPECT_EQ(s.instructions, "Be brief.");
  EXPECT_EQ(s.voice, "cedar");
  EXPECT_EQ(s.transcription_model, "gpt-4o-transcribe");
  ASSERT_TRUE(s.turn_detection);
  EXPECT_EQ(s.turn_detection->type, "semantic_vad");
  EXPECT_EQ(s.turn_detection->eagerness, "high");
  EXPECT_TRUE(s.turn_detection->interrupt_response);
  ASSERT_EQ(s.tools.size(), 1u);
  EXPECT_EQ(s.tools[0], (ToolDef{"hang_up", "End the call"}));
}

TEST(ClientParse, BetaSessionUpdateWithNullsAndAbsentFields) {
  auto r = parse_client_event(R"({"type":"session.update","session":{"modalities":["text","audio"],
    "voice":"verse","input_audio_format":"g711_ulaw","output_audio_format":"g711_ulaw",
    "turn_detection":null,"input_audio_transcription":null}})");
  ASSERT_TRUE(r.ok()) << to_string(r.error());
  const SessionConfig& s = std::get<SessionUpdate>(*r).session;
  EXPECT_EQ(s.voice, "verse");
  EXPECT_FALSE(s.turn_detection);
  EXPECT_FALSE(s.transcription_model);
  EXPECT_EQ(s.model, SessionConfig{}.model);  // absent keeps the default
  EXPECT_TRUE(s.tools.empty());
}

}  // namespace
}  // namespace voxgate::realtime
