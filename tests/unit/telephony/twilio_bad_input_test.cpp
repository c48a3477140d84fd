// Every class of bad input to parse_inbound() and parse_outbound() comes back
// as the matching ParseError, never as an exception (STYLE.md "Errors").
#include <gtest/gtest.h>

#include <string>

#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {
namespace {

struct BadCase {
  const char* text;
  ParseError want;
};

void expect_inbound_error(const BadCase& c) {
  const auto r = parse_inbound(c.text);
  ASSERT_FALSE(r.ok()) << c.text;
  EXPECT_EQ(to_string(r.error()), to_string(c.want)) << c.text;
}

void expect_outbound_error(const BadCase& c) {
  const auto r = parse_outbound(c.text);
  ASSERT_FALSE(r.ok()) << c.text;
  EXPECT_EQ(to_string(r.error()), to_string(c.want)) << c.text;
}

constexpr auto kJson = ParseError::kInvalidJson;
constexpr auto kObj = ParseError::kNotObject;
constexpr auto kMiss = ParseError::kMissingField;
constexpr auto kType = ParseError::kWrongType;
constexpr auto kB64 = ParseError::kBadBase64;
constexpr auto kUnk = ParseError::kUnknownEvent;

TEST(TwilioBadInbound, InvalidJson) {
  for (const char* t : {"", "{", R"({"event":)", R"({"event":"media",})", "nul", "{}{}",
                        R"({"event":"media" "x":1})", "\xff"}) {
    expect_inbound_error({t, kJson});
  }
}

TEST(TwilioBadInbound, NotAnObject) {
  for (const char* t : {"[]", R"(["event","media"])", R"("media")", "42", "null", "true"}) {
    expect_inbound_error({t, kObj});
  }
}

TEST(TwilioBadInbound, MissingField) {
  for (const char* t : {
           R"({})",
           R"({"streamSid":"MZ1"})",
           R"({"event":"media","media":{"payload":"AAAA"}})",
           R"({"event":"media","streamSid":"MZ1"})",
           R"({"event":"media","streamSid":"MZ1","media":{"track":"inbound"}})",
           R"({"event":"start","streamSid":"MZ1"})",
           R"({"event":"start","streamSid":"MZ1","start":{"streamSid":"MZ1"}})",
           R"({"event":"start","start":{"callSid":"CA1"}})",
           R"({"event":"dtmf","streamSid":"MZ1","dtmf":{"track":"inbound_track"}})",
           R"({"event":"dtmf","streamSid":"MZ1"})",
           R"({"event":"mark","streamSid":"MZ1","mark":{}})",
           R"({"event":"mark","mark":{"name":"n"}})",
           R"({"event":"stop","stop":{"callSid":"CA1"}})",
       }) {
    expect_inbound_error({t, kMiss});
  }
}

TEST(TwilioBadInbound, WrongType) {
  for (
      const char* t : {
          R"({"event":1})",
          R"({"event":null})",
          R"({"event":"media","streamSid":7,"media":{"payload":"AAAA"}})",
          R"({"event":"media","streamSid":"MZ1","media":"AAAA"})",
          R"({"event":"media","streamSid":"MZ1","media":{"payload":1234}})",
          R"({"event":"media","sequenceNumber":"12ab","streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":"","streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":"-1","streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":"+1","streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":" 1","streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":-1,"streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":1.5,"streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","sequenceNumber":"18446744073709551616","streamSid":"MZ1","media":{"payload":""}})",
          R"({"event":"media","streamSid":"MZ1","media":{"chunk":{},"payload":""}})",
          R"({"event":"media","streamSid":"MZ1","media":{"timestamp":true,"payload":""}})",
          R"({"event":"media","streamSid":"MZ1","media":{"track":["inbound"],"payload":""}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","tracks":"inbound"}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","tracks":[1]}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","customParameters":{"a":1}}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","customParameters":[]}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"sampleRate":"8000"}}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"sampleRate":-8000}}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"channels":4294967296}}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":{"encoding":0}}})",
          R"({"event":"start","start":{"streamSid":"MZ1","callSid":"CA1","mediaFormat":[]}})",
          R"({"event":"start","streamSid":"MZ1","start":null})",
          R"({"event":"dtmf","streamSid":"MZ1","dtmf":{"digit":1}})",
          R"({"event":"mark","streamSid":"MZ1","mark":{"name":null}})",
          R"({"event":"stop","streamSid":"MZ1","stop":"x"})",
          R"({"event":"stop","streamSid":"MZ1","stop":{"callSid":1}})",
          R"({"event":"connected","protocol":1})",
      }) {
    expect_inbound_error({t, kType});
  }
}

TEST(TwilioBadInbound, BadBase64Payload) {
  for (const char* p : {"A", "AAA", "AAAAA", "AA=A", "A===", "YR==", "Y Q==", "YQ==\\n", "YQ",
                        "YQ=", "AA-_", "AA\\u0000A"}) {
    const std::string t =
        std::string(R"({"event":"media","streamSid":"MZ1","media":{"payload":")") + p + "\"}}";
    expect_inbound_error({t.c_str(), kB64});
  }
}

TEST(TwilioBadInbound, UnknownEvent) {
  for (const char* t : {R"({"event":"clear","streamSid":"MZ1"})", R"({"event":""})",
                        R"({"event":"Media","streamSid":"MZ1","media":{"payload":""}})"}) {
    expect_inbound_error({t, kUnk});
  }
}

// A valid media message of exactly `size` bytes: the payload is a whole
// number of base64 groups and JSON whitespace fills the rest.
std::string media_of_size(size_t size) {
  const std::string head = R"({"event":"media","streamSid":"MZ1","media":{"payload":")";
  const std::string tail = "\"}}";
  const size_t payload = (size - head.size() - tail.size()) / 4 * 4;
  std::string out = head + std::string(payload, 'A') + tail;
  out.append(size - out.size(), ' ');
  return out;
}

TEST(TwilioBadInbound, TooLargeIsRefusedAboveTheLimitOnly) {
  const std::string at_limit = media_of_size(kMaxMessageBytes);
  ASSERT_EQ(at_limit.size(), kMaxMessageBytes);
  EXPECT_TRUE(parse_inbound(at_limit).ok());
  const std::string over = at_limit + " ";
  const auto r = parse_inbound(over);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), ParseError::kTooLarge);
  // Too large wins even when the text is not JSON at all.
  EXPECT_EQ(parse_inbound(std::string(kMaxMessageBytes + 1, '[')).error(), ParseError::kTooLarge);
  EXPECT_EQ(parse_outbound(over).error(), ParseError::kTooLarge);
}

TEST(TwilioBadInbound, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_EQ(parse_inbound(deep).error(), ParseError::kInvalidJson);
}

TEST(TwilioBadOutbound, EveryClass) {
  for (const BadCase& c : {
           BadCase{"{", kJson},
           BadCase{"[]", kObj},
           BadCase{R"({"event":"media","media":{"payload":"AAAA"}})", kMiss},
           BadCase{R"({"event":"media","streamSid":"MZ1"})", kMiss},
           BadCase{R"({"event":"media","streamSid":"MZ1","media":{}})", kMiss},
           BadCase{R"({"event":"mark","streamSid":"MZ1","mark":{}})", kMiss},
           BadCase{R"({"event":"mark","streamSid":"MZ1"})", kMiss},
           BadCase{R"({"event":"clear"})", kMiss},
           BadCase{R"({"streamSid":"MZ1"})", kMiss},
           BadCase{R"({"event":"clear","streamSid":1})", kType},
           BadCase{R"({"event":"mark","streamSid":"MZ1","mark":{"name":2}})", kType},
           BadCase{R"({"event":"media","streamSid":"MZ1","media":[]})", kType},
           BadCase{R"({"event":"media","streamSid":"MZ1","media":{"payload":"AAA"}})", kB64},
           BadCase{R"({"event":"start","streamSid":"MZ1"})", kUnk},
           BadCase{R"({"event":"stop","streamSid":"MZ1"})", kUnk},
       }) {
    expect_outbound_error(c);
  }
}

TEST(TwilioBadInput, ErrorNamesAreDistinct) {
  const ParseError all[] = {kJson, kObj, kMiss, kType, kB64, kUnk, ParseError::kTooLarge};
  for (size_t i = 0; i < std::size(all); ++i) {
    for (size_t j = i + 1; j < std::size(all); ++j) {
      EXPECT_NE(to_string(all[i]), to_string(all[j]));
    }
  }
}

}  // namespace
}  // namespace voxgate::telephony::twilio
