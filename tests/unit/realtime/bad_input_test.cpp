// Every bad-input class returns its ParseError; nothing throws.

#include <gtest/gtest.h>

#include <string>

#include "realtime/codec.hpp"

namespace voxgate::realtime {
namespace {

ParseError server_error(std::string_view text) {
  auto r = parse_server_event(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? ParseError::kTooLarge : r.error();
}

ParseError client_error(std::string_view text) {
  auto r = parse_client_event(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? ParseError::kTooLarge : r.error();
}

TEST(BadInput, NotJson) {
  EXPECT_EQ(server_error(""), ParseError::kInvalidJson);
  EXPECT_EQ(server_error("{\"type\":"), ParseError::kInvalidJson);
  EXPECT_EQ(server_error("{\"type\":\"error\"} trailing"), ParseError::kInvalidJson);
  EXPECT_EQ(server_error("{\"type\":\"\xff\"}"), ParseError::kInvalidJson);  // bad UTF-8
  EXPECT_EQ(client_error("nope"), ParseError::kInvalidJson);
  std::string deep(100, '[');
  EXPECT_EQ(server_error(deep), ParseError::kInvalidJson);
}

TEST(BadInput, NotObject) {
  EXPECT_EQ(server_error("[]"), ParseError::kNotObject);
  EXPECT_EQ(server_error("\"response.done\""), ParseError::kNotObject);
  EXPECT_EQ(client_error("42"), ParseError::kNotObject);
}

TEST(BadInput, MissingOrNonStringType) {
  EXPECT_EQ(server_error(R"({"event_id":"e"})"), ParseError::kMissingType);
  EXPECT_EQ(server_error(R"({"type":7})"), ParseError::kWrongType);
  EXPECT_EQ(client_error(R"({"audio":"AAAA"})"), ParseError::kMissingType);
  // The server side has no Unknown alternative: an unknown client event is refused.
  EXPECT_EQ(client_error(R"({"type":"transcription_session.update"})"), ParseError::kMissingType);
}

TEST(BadInput, MissingField) {
  EXPECT_EQ(
      server_error(R"({"type":"response.output_audio.delta","response_id":"r","item_id":"i"})"),
      ParseError::kMissingField);
  EXPECT_EQ(server_error(R"({"type":"response.done"})"), ParseError::kMissingField);
  EXPECT_EQ(server_error(R"({"type":"response.done","response":{"status":"completed"}})"),
            ParseError::kMissingField);
  EXPECT_EQ(server_error(R"({"type":"error"})"), ParseError::kMissingField);
  EXPECT_EQ(client_error(R"({"type":"input_audio_buffer.append"})"), ParseError::kMissingField);
  EXPECT_EQ(client_error(R"({"type":"conversation.item.truncate","item_id":"i"})"),
            ParseError::kMissingField);
  EXPECT_EQ(client_error(R"({"type":"session.update"})"), ParseError::kMissingField);
}

// JSON has no infinities: a threshold past a double's range (read as inf)
// is refused rather than re-encoded as something that is not JSON (found by
// realtime_fuzz; the input is in fuzz/corpus/realtime/).
TEST(BadInput, NumberPastADoublesRangeIsRefused) {
  EXPECT_EQ(client_error(R"({"type":"session.update","session":{"type":"realtime",
    "audio":{"input":{"turn_detection":{"type":"server_vad","threshold":1e999}}}}})"),
            ParseError::kWrongType);
}

TEST(BadInput, WrongType) {
  EXPECT_EQ(server_error(R"({"type":"response.audio.delta","response_id":"r","item_id":"i",
    "delta":5})"),
            ParseError::kWrongType);
  EXPECT_EQ(server_error(R"({"type":"response.audio.delta","response_id":"r","item_id":"i",
    "output_index":"0","delta":"AAAA"})"),
            ParseError::kWrongType);
  EXPECT_EQ(server_error(R"({"type":"response.audio.delta","response_id":"r","item_id":"i",
    "output_index":1e12,"delta":"AAAA"})"),
            ParseError::kWrongType);
  EXPECT_EQ(server_error(R"({"type":"conversation.item.truncated","item_id":"i",
    "audio_end_ms":1.5})"),
            ParseError::kWrongType);
  EXPECT_EQ(server_error(R"({"type":"response.done","response":"resp_1"})"),
            ParseError::kWrongType);
  EXPECT_EQ(client_error(R"({"type":"session.update","session":{"tools":{}}})"),
            ParseError::kWrongType);
  EXPECT_EQ(client_error(R"({"type":"session.update","session":{"turn_detection":
    {"type":"server_vad","create_response":"yes"}}})"),
            ParseError::kWrongType);
  EXPECT_EQ(client_error(R"({"type":"conversation.item.create","item":{"type":"reasoning"}})"),
            ParseError::kWrongType);
}

TEST(BadInput, BadBase64) {
  for (const char* delta : {"AAA", "AA=A", "A===", "AA*A", "AA AA", "====", "AAAA\n"}) {
    std::string text = std::string(R"({"type":"response.output_audio.delta","response_id":"r",
      "item_id":"i","delta":")") +
                       (std::string(delta) == "AAAA\n" ? "AAAA\\n" : delta) + "\"}";
    EXPECT_EQ(server_error(text), ParseError::kBadBase64) << delta;
  }
  EXPECT_EQ(client_error(R"({"type":"input_audio_buffer.append","audio":"not base64!"})"),
            ParseError::kBadBase64);
  for (const char* ok : {"", "AA==", "AAA=", "AAAA", "+/+/"}) {
    std::string text = std::string(R"({"type":"response.audio.delta","response_id":"r",
      "item_id":"i","delta":")") +
                       ok + "\"}";
    EXPECT_TRUE(parse_server_event(text).ok()) << ok;
  }
}

TEST(BadInput, TooLarge) {
  std::string big = R"({"type":"response.audio.delta","response_id":"r","item_id":"i","delta":")";
  big.append(kMaxEventBytes, 'A');
  big += "\"}";
  EXPECT_EQ(server_error(big), ParseError::kTooLarge);
  EXPECT_EQ(client_error(big), ParseError::kTooLarge);
}

TEST(BadInput, ErrorNames) {
  EXPECT_EQ(to_string(ParseError::kBadBase64), "bad_base64");
  EXPECT_EQ(to_string(ParseError::kTooLarge), "too_large");
}

}  // namespace
}  // namespace voxgate::realtime
