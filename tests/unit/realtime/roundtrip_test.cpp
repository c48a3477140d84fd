// parse(encode(x, dialect)) == x for every event, both dialects, both sides.

#include <gtest/gtest.h>

#include <vector>

#include "realtime/codec.hpp"

namespace voxgate::realtime {
namespace {

std::vector<ClientEvent> client_samples() {
  SessionConfig full;
  full.model = "gpt-realtime-mini";
  full.instructions = "Say \"hello\"\nthen listen. Ünïcødé ok.";
  full.voice = "shimmer";
  full.turn_detection->threshold = 0.65;
  full.turn_detection->idle_timeout_ms = 5000;
  full.turn_detection->interrupt_response = true;
  full.tools = {{"a", "first", R"({"type":"object","properties":{"x":{"type":"integer"}}})"},
                {"b", "", ToolDef{}.parameters_json}};
  SessionConfig off;
  off.turn_detection.reset();
  off.transcription_model.reset();
  SessionConfig semantic;
  semantic.turn_detection = TurnDetection{};
  semantic.turn_detection->type = "semantic_vad";
  semantic.turn_detection->eagerness = "auto";
  semantic.turn_detection->create_response = false;
  SessionConfig pcm;  // a 24 kHz PCM call (audio/format.hpp)
  pcm.audio = SessionConfig::kPcm;
  return {SessionUpdate{},
          SessionUpdate{pcm},
          SessionUpdate{full},
          SessionUpdate{off},
          SessionUpdate{semantic},
          AudioAppend{"//79/Pv6+fg="},
          AudioAppend{""},
          AudioCommit{},
          AudioClear{},
          ItemCreateMessage{"user", "The caller pressed 5."},
          ItemCreateMessage{"assistant", "Hello!"},
          ItemCreateMessage{"system", "Be brief."},
          ItemCreateFunctionOutput{"call_1", R"({"temp":21})"},
          ItemTruncate{"item_9", 0, 1234},
          ItemTruncate{"item_9", 1, 9'000'000'000},
          ResponseCreate{},
          ResponseCreate{"Greet the caller."},
          ResponseCancel{},
          ResponseCancel{"resp_7"}};
}

std::vector<ServerEvent> server_samples() {
  return {
      SessionCreated{},
      SessionUpdated{},
      SpeechStarted{1000, "item_1"},
      SpeechStopped{2000, "item_1"},
      AudioCommitted{"item_1"},
      ItemAdded{"item_1", "message", "user"},
      ItemAdded{"item_2", "function_call", ""},
      ResponseCreated{"resp_1"},
      AudioDelta{"resp_1", "item_3", 1, 2, "//79/Pv6+fg="},
      AudioDone{"resp_1", "item_3"},
      TranscriptDelta{"resp_1", "item_3", "Hel"},
      TranscriptDone{"resp_1", "item_3", "Hello there"},
      InputTranscription{"item_1", "hi", true},
      InputTranscription{"item_1", "h", false},
      FunctionCallArgumentsDone{"resp_1", "item_4", "call_1", "lookup", R"({"q":"x"})"},
      OutputItemDone{"item_4", "function_call", "lookup", "call_1", R"({"q":"x"})"},
      OutputItemDone{"item_3", "message", "", "", ""},
      OutputItemDone{"item_3", "message", "", "", "", "resp_1", "Hello there"},
      OutputItemDone{"item_4", "function_call", "end_call", "call_2", "{}", "resp_1"},
      ResponseDone{"resp_1", ResponseStatus::kCompleted, "", "", "", ""},
      ResponseDone{"resp_1", ResponseStatus::kCancelled, "client_cancelled", "", "", ""},
      ResponseDone{"resp_1", ResponseStatus::kIncomplete, "content_filter", "", "", ""},
      ResponseDone{"resp_1", ResponseStatus::kFailed, "", "server_error", "boom", "server_error"},
      ResponseDone{"resp_1", ResponseStatus::kInProgress, "", "", "", ""},
      ResponseDone{"resp_1", ResponseStatus::kUnknown, "", "", "", ""},
      ItemTruncated{"item_3", 1500},
      RateLimitsUpdated{},
      Error{"invalid_request_error", "invalid_value", "too long", "audio_end_ms", "evt_1"},
      Error{"server_error", "", "oops", "", ""},
      Unknown{"response.content_part.added"}};
}

template <typename Event, typename Parse>
void expect_round_trip(const std::vector<Event>& samples, Parse parse) {
  for (Dialect d : {Dialect::kGA, Dialect::kBeta}) {
    for (const Event& e : samples) {
      std::string text = encode(e, d);
      auto back = parse(text);
      ASSERT_TRUE(back.ok()) << text << " -> " << to_string(back.error());
      EXPECT_EQ(*back, e) << text;
    }
  }
}

TEST(RoundTrip, ClientEventsBothDialects) {
  expect_round_trip(client_samples(), parse_client_event);
}

TEST(RoundTrip, ServerEventsBothDialects) {
  expect_round_trip(server_samples(), parse_server_event);
}

TEST(RoundTrip, AudioAppendFastPathParses) {
  auto back = parse_client_event(encode_audio_append("AAAA"));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ClientEvent{AudioAppend{"AAAA"}});
}

TEST(ServerEncode, DialectNamesAndEventId) {
  AudioDelta d{"r", "i", 0, 0, "AA=="};
  EXPECT_NE(encode(d, Dialect::kGA, "event_1")
                .find(R"("type":"response.output_audio.delta","event_id":"event_1")"),
            std::string::npos);
  EXPECT_NE(encode(d, Dialect::kBeta, "event_1").find(R"("type":"response.audio.delta")"),
            std::string::npos);
  EXPECT_NE(encode(ItemAdded{"i", "message", "user"}, Dialect::kBeta, "e")
                .find("conversation.item.created"),
            std::string::npos);
  EXPECT_NE(
      encode(ItemAdded{"i", "message", "user"}, Dialect::kGA, "e").find("conversation.item.added"),
      std::string::npos);
  // The counter form gives each event its own id.
  EXPECT_NE(encode(SessionCreated{}, Dialect::kGA), encode(SessionCreated{}, Dialect::kGA));
}

}  // namespace
}  // namespace voxgate::realtime
