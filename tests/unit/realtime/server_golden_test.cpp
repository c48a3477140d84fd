// Golden server messages as the real service sends them (PROTOCOLS.md
// "Server events voxgate handles"), GA and beta names.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "realtime/codec.hpp"

namespace voxgate::realtime {
namespace {

template <typename T>
T parse_as(std::string_view text) {
  auto r = parse_server_event(text);
  EXPECT_TRUE(r.ok()) << text << " -> " << (r.ok() ? "" : to_string(r.error()));
  if (!r.ok()) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*r)) << text << " index " << r->index();
  return std::holds_alternative<T>(*r) ? std::get<T>(*r) : T{};
}

TEST(ServerGolden, SessionCreatedAndUpdated) {
  parse_as<SessionCreated>(R"({"type":"session.created","event_id":"event_C9G5RJeJ2gF77mV7f2B1j",
    "session":{"type":"realtime","object":"realtime.session","id":"sess_C9G5QPteg4UIbotdKLoYQ",
    "model":"gpt-realtime-2025-08-28","output_modalities":["audio"],"instructions":"",
    "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":null,
    "noise_reduction":null,"turn_detection":{"type":"server_vad","threshold":0.5,
    "prefix_padding_ms":300,"silence_duration_ms":200,"idle_timeout_ms":null,
    "create_response":true,"interrupt_response":true}},"output":{"format":{"type":"audio/pcm",
    "rate":24000},"voice":"marin","speed":1}},"tools":[],"tool_choice":"auto",
    "max_output_tokens":"inf","tracing":null,"prompt":null,"expires_at":1756324625}})");
  parse_as<SessionUpdated>(R"({"type":"session.updated","event_id":"event_5678",
    "session":{"id":"sess_001","object":"realtime.session","model":"gpt-4o-realtime-preview",
    "modalities":["text","audio"],"voice":"alloy","input_audio_format":"g711_ulaw",
    "output_audio_format":"g711_ulaw","input_audio_transcription":{"model":"whisper-1"},
    "turn_detection":null,"tools":[],"tool_choice":"none","temperature":0.7,
    "max_response_output_tokens":200}})");
}

TEST(ServerGolden, InputAudioBuffer) {
  EXPECT_EQ(parse_as<SpeechStarted>(R"({"type":"input_audio_buffer.speech_started",
    "event_id":"event_1516","audio_start_ms":1000,"item_id":"msg_003"})"),
            (SpeechStarted{1000, "msg_003"}));
  EXPECT_EQ(parse_as<SpeechStopped>(R"({"type":"input_audio_buffer.speech_stopped",
    "event_id":"event_1718","audio_end_ms":2000,"item_id":"msg_003"})"),
            (SpeechStopped{2000, "msg_003"}));
  EXPECT_EQ(parse_as<AudioCommitted>(R"({"type":"input_audio_buffer.committed",
    "event_id":"event_1121","previous_item_id":"msg_001","item_id":"msg_002"})"),
            (AudioCommitted{"msg_002"}));
}

TEST(ServerGolden, ItemAddedGaAndDoneAndBetaCreated) {
  const ItemAdded want{"msg_003", "message", "user"};
  EXPECT_EQ(parse_as<ItemAdded>(
                R"({"type":"conversation.item.added","event_id":"event_C9G8pjSJCfRNEhMEnYAVy",
    "previous_item_id":null,"item":{"id":"msg_003","type":"message","status":"completed",
    "role":"user","content":[{"type":"input_audio","transcript":null}]}})"),
            want);
  EXPECT_EQ(parse_as<ItemAdded>(
                R"({"type":"conversation.item.done","event_id":"event_CCXLgMZPo3qioWCeQa4WH",
    "previous_item_id":"item_CCXLecNJVIVR2HUy3ABLj","item":{"id":"msg_003","type":"message",
    "status":"completed","role":"user","content":[{"type":"input_audio","transcript":"hi"}]}})"),
            want);
  EXPECT_EQ(parse_as<ItemAdded>(R"({"type":"conversation.item.created","event_id":"event_1920",
    "previous_item_id":"msg_002","item":{"id":"msg_003","object":"realtime.item","type":"message",
    "status":"completed","role":"user","content":[{"type":"input_audio","transcript":null}]}})"),
            want);
  EXPECT_EQ(parse_as<ItemAdded>(R"({"type":"conversation.item.created","event_id":"e",
    "previous_item_id":null,"item":{"id":"item_9","object":"realtime.item","type":"function_call",
    "status":"in_progress","name":"lookup","call_id":"call_1","arguments":""}})"),
            (ItemAdded{"item_9", "function_call", ""}));
}

TEST(ServerGolden, ResponseCreated) {
  EXPECT_EQ(parse_as<ResponseCreated>(R"({"type":"response.created","event_id":"event_2930",
    "response":{"id":"resp_001","object":"realtime.response","status":"in_progress",
    "status_details":null,"output":[],"usage":null}})"),
            (ResponseCreated{"resp_001"}));
}

TEST(ServerGolden, AudioDeltaBothDialects) {
  const AudioDelta want{"resp_001", "item_001", 0, 0, "//79/Pv6+fg="};
  EXPECT_EQ(parse_as<AudioDelta>(R"({"type":"response.output_audio.delta","event_id":"event_4950",
    "response_id":"resp_001","item_id":"item_001","output_index":0,"content_index":0,
    "delta":"//79/Pv6+fg="})"),
            want);
  EXPECT_EQ(parse_as<AudioDelta>(R"({"type":"response.audio.delta","event_id":"event_4950",
    "response_id":"resp_001","item_id":"item_001","output_index":0,"content_index":0,
    "delta":"//79/Pv6+fg="})"),
            want);
}

TEST(ServerGolden, AudioDoneBothDialects) {
  const AudioDone want{"resp_001", "item_001"};
  for (const char* type : {"response.output_audio.done", "response.audio.done"}) {
    std::string text = std::string(R"({"type":")") + type +
                       R"(","event_id":"event_5152","response_id":"resp_001",
      "item_id":"item_001","output_index":0,"content_index":0})";
    EXPECT_EQ(parse_as<AudioDone>(text), want);
  }
}

TEST(ServerGolden, TranscriptBothDialects) {
  for (const char* prefix : {"response.output_audio_transcript", "response.audio_transcript"}) {
    std::string delta = std::string(R"({"type":")") + prefix +
                        R"(.delta","event_id":"event_4546","response_id":"resp_001",
      "item_id":"msg_008","output_index":0,"content_index":0,"delta":"Hello, how can I a"})";
    EXPECT_EQ(parse_as<TranscriptDelta>(delta),
              (TranscriptDelta{"resp_001", "msg_008", "Hello, how can I a"}));
    std::string done = std::string(R"({"type":")") + prefix +
                       R"(.done","event_id":"event_4748","response_id":"resp_001",
      "item_id":"msg_008","output_index":0,"content_index":0,
      "transcript":"Hello, how can I assist you today?"})";
    EXPECT_EQ(parse_as<TranscriptDone>(done),
              (TranscriptDone{"resp_001", "msg_008", "Hello, how can I assist you today?"}));
  }
}

TEST(ServerGolden, InputTranscriptionCompletedAndGaDelta) {
  EXPECT_EQ(parse_as<InputTranscription>(
                R"({"type":"conversation.item.input_audio_transcription.completed",
    "event_id":"event_2122","item_id":"msg_003","content_index":0,
    "transcript":"Hello, how are you?","usage":{"type":"duration","seconds":1}})"),
            (InputTranscription{"msg_003", "Hello, how are you?", true}));
  EXPECT_EQ(
      parse_as<InputTranscription>(R"({"type":"conversation.item.input_audio_transcription.delta",
    "event_id":"event_001","item_id":"item_001","content_index":0,"delta":"Hello"})"),
      (InputTranscription{"item_001", "Hello", false}));
}

TEST(ServerGolden, FunctionCall) {
  EXPECT_EQ(parse_as<FunctionCallArgumentsDone>(R"({"type":"response.function_call_arguments.done",
    "event_id":"event_5556","response_id":"resp_002","item_id":"fc_001","output_index":0,
    "call_id":"call_001","name":"get_weather","arguments":"{\"location\": \"San Francisco\"}"})"),
            (FunctionCallArgumentsDone{"resp_002", "fc_001", "call_001", "get_weather",
                                       R"({"location": "San Francisco"})"}));
  EXPECT_EQ(
      parse_as<OutputItemDone>(R"({"type":"response.output_item.done","event_id":"event_3536",
    "response_id":"resp_001","output_index":0,"item":{"id":"fc_001","object":"realtime.item",
    "type":"function_call","status":"completed","name":"get_weather","call_id":"call_001",
    "arguments":"{}"}})"),
      (OutputItemDone{"fc_001", "function_call", "get_weather", "call_001", "{}", "resp_001"}));
  EXPECT_EQ(parse_as<OutputItemDone>(R"({"type":"response.output_item.done","event_id":"e",
    "response_id":"resp_001","output_index":0,"item":{"id":"msg_007","object":"realtime.item",
    "type":"message","status":"completed","role":"assistant",
    "content":[{"type":"output_audio","transcript":"Sure."}]}})"),
            (OutputItemDone{"msg_007", "message", "", "", "", "resp_001", "Sure."}));
}

TEST(ServerGolden, ResponseDoneStatuses) {
  EXPECT_EQ(parse_as<ResponseDone>(R"({"type":"response.done","event_id":"event_3132",
    "response":{"id":"resp_001","object":"realtime.response","status":"completed",
    "status_details":null,"output":[{"id":"msg_006","object":"realtime.item","type":"message",
    "status":"completed","role":"assistant","content":[{"type":"text","text":"Sure."}]}],
    "usage":{"total_tokens":275,"input_tokens":127,"output_tokens":148}}})"),
            (ResponseDone{"resp_001", ResponseStatus::kCompleted, "", "", "", ""}));
  EXPECT_EQ(parse_as<ResponseDone>(R"({"type":"response.done","event_id":"event_AB",
    "response":{"object":"realtime.response","id":"resp_002","status":"cancelled",
    "status_details":{"type":"cancelled","reason":"turn_detected"},"output":[],"usage":null}})"),
            (ResponseDone{"resp_002", ResponseStatus::kCancelled, "turn_detected", "", "", ""}));
  EXPECT_EQ(
      parse_as<ResponseDone>(R"({"type":"response.done","event_id":"event_CD",
    "response":{"object":"realtime.response","id":"resp_003","status":"incomplete",
    "status_details":{"type":"incomplete","reason":"max_output_tokens"},"output":[]}})"),
      (ResponseDone{"resp_003", ResponseStatus::kIncomplete, "max_output_tokens", "", "", ""}));
  EXPECT_EQ(parse_as<ResponseDone>(R"({"type":"response.done","event_id":"event_EF",
    "response":{"object":"realtime.response","id":"resp_004","status":"failed",
    "status_details":{"type":"failed","error":{"type":"invalid_request_error",
    "code":"inference_rate_limit_exceeded","message":"Rate limit reached."}},"output":[]}})"),
            (ResponseDone{"resp_004", ResponseStatus::kFailed, "", "inference_rate_limit_exceeded",
                          "Rate limit reached.", "invalid_request_error"}));
  EXPECT_EQ(parse_as<ResponseDone>(R"({"type":"response.done","event_id":"e",
    "response":{"id":"resp_005","status":"brand_new_status"}})")
                .status,
            ResponseStatus::kUnknown);
}

TEST(ServerGolden, TruncatedRateLimitsError) {
  EXPECT_EQ(
      parse_as<ItemTruncated>(R"({"type":"conversation.item.truncated","event_id":"event_2526",
    "item_id":"msg_004","content_index":0,"audio_end_ms":1500})"),
      (ItemTruncated{"msg_004", 1500}));
  parse_as<RateLimitsUpdated>(R"({"type":"rate_limits.updated","event_id":"event_5758",
    "rate_limits":[{"name":"requests","limit":1000,"remaining":999,"reset_seconds":60},
    {"name":"tokens","limit":50000,"remaining":49950,"reset_seconds":60}]})");
  EXPECT_EQ(parse_as<Error>(R"({"type":"error","event_id":"event_890",
    "error":{"type":"invalid_request_error","code":"invalid_event",
    "message":"The 'type' field is missing.","param":"type","event_id":"event_567"}})"),
            (Error{"invalid_request_error", "invalid_event", "The 'type' field is missing.", "type",
                   "event_567"}));
  EXPECT_EQ(parse_as<Error>(R"({"type":"error","event_id":"event_C9",
    "error":{"type":"invalid_request_error","code":"response_cancel_not_active",
    "message":"Cancellation failed: no active response found","param":null,"event_id":null}})"),
            (Error{"invalid_request_error", "response_cancel_not_active",
                   "Cancellation failed: no active response found", "", ""}));
}

TEST(ServerGolden, UnknownTypeIsNotAnError) {
  EXPECT_EQ(parse_as<Unknown>(R"({"type":"response.content_part.added","event_id":"e",
    "response_id":"r","item_id":"i","output_index":0,"content_index":0,
    "part":{"type":"audio","transcript":""}})"),
            (Unknown{"response.content_part.added"}));
  EXPECT_EQ(parse_as<Unknown>(R"({"type":"output_audio_buffer.started","response_id":"r"})"),
            (Unknown{"output_audio_buffer.started"}));
}

// The GA types: output_item.done names its response and a message carries
// its transcript; response.done repeats the items (clients read the
// transcript there) and has usage.
TEST(ServerGolden, ResponseDoneCarriesItsOutputAndUsage) {
  const OutputItemDone msg{"item_3", "message", "", "", "", "resp_1", "Which day?"};
  const auto item = boost::json::parse(encode(msg, Dialect::kGA, "e")).as_object();
  EXPECT_EQ(item.at("response_id").as_string(), "resp_1");
  EXPECT_EQ(item.at("item").at("content").at(0).at("transcript").as_string(), "Which day?");
  EXPECT_EQ(item.at("item").at("content").at(0).at("type").as_string(), "output_audio");
  ResponseDone done{"resp_1", ResponseStatus::kCompleted, "", "", "", ""};
  done.output = {msg,
                 OutputItemDone{"item_4", "function_call", "end_call", "call_1", "{}", "resp_1"}};
  done.usage = ResponseUsage{3, 4};
  const auto r = boost::json::parse(encode(done, Dialect::kGA, "e")).at("response").as_object();
  ASSERT_EQ(r.at("output").as_array().size(), 2u);
  EXPECT_EQ(r.at("output").at(0).at("content").at(0).at("transcript").as_string(), "Which day?");
  EXPECT_EQ(r.at("output").at(1).at("name").as_string(), "end_call");
  EXPECT_EQ(r.at("usage").at("total_tokens").as_int64(), 7);
  // Without them, the event is as before (older captures round-trip).
  const auto bare = boost::json::parse(encode(
      ResponseDone{"resp_2", ResponseStatus::kCompleted, "", "", "", ""}, Dialect::kGA, "e"));
  EXPECT_TRUE(bare.at("response").at("output").as_array().empty());
  EXPECT_FALSE(bare.at("response").as_object().contains("usage"));
}

}  // namespace
}  // namespace voxgate::realtime
