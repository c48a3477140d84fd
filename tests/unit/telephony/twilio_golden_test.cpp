// Golden Twilio Media Streams messages (PROTOCOLS.md "Twilio Media Streams",
// shapes as in Twilio's documentation) through parse_inbound().
#include <gtest/gtest.h>

#include <string>

#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {
namespace {

template <typename T>
T parse_as(const std::string& text) {
  auto r = parse_inbound(text);
  EXPECT_TRUE(r.ok()) << text << " -> " << to_string(r.error());
  if (!r) return T{};
  EXPECT_TRUE(std::holds_alternative<T>(*r)) << text;
  if (!std::holds_alternative<T>(*r)) return T{};
  return std::get<T>(*r);
}

TEST(TwilioGolden, Connected) {
  const auto e =
      parse_as<Connected>(R"({"event": "connected", "protocol": "Call", "version": "1.0.0"})");
  EXPECT_EQ(e, (Connected{"Call", "1.0.0"}));
}

TEST(TwilioGolden, StartWithCustomParametersAndMediaFormat) {
  const auto e = parse_as<Start>(R"({
    "event": "start",
    "sequenceNumber": "1",
    "start": {
      "accountSid": "AC0123456789abcdef0123456789abcdef",
      "streamSid": "MZ0123456789abcdef0123456789abcdef",
      "callSid": "CA0123456789abcdef0123456789abcdef",
      "tracks": ["inbound"],
      "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1},
      "customParameters": {"FirstName": "Jane", "LastName": "Doe", "RemoteParty": "Bob"}
    },
    "streamSid": "MZ0123456789abcdef0123456789abcdef"
  })");
  Start want;
  want.sequence = 1;
  want.stream_sid = "MZ0123456789abcdef0123456789abcdef";
  want.account_sid = "AC0123456789abcdef0123456789abcdef";
  want.call_sid = "CA0123456789abcdef0123456789abcdef";
  want.tracks = {"inbound"};
  want.custom_parameters = {{"FirstName", "Jane"}, {"LastName", "Doe"}, {"RemoteParty", "Bob"}};
  want.media_format = {"audio/x-mulaw", 8000, 1};
  EXPECT_EQ(e, want);
}

TEST(TwilioGolden, StartWithoutOptionalPartsDefaultsToMulaw8k) {
  const auto e = parse_as<Start>(
      R"({"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ1","callSid":"CA1"}})");
  EXPECT_EQ(e.stream_sid, "MZ1");
  EXPECT_EQ(e.call_sid, "CA1");
  EXPECT_TRUE(e.tracks.empty());
  EXPECT_TRUE(e.custom_parameters.empty());
  EXPECT_EQ(e.media_format, (MediaFormat{"audio/x-mulaw", 8000, 1}));
}

TEST(TwilioGolden, StartTakesTheSidFromTheTopLevelWhenInnerIsAbsent) {
  const auto e = parse_as<Start>(
      R"({"event":"start","streamSid":"MZ9","start":{"callSid":"CA1","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":16000,"channels":2}}})");
  EXPECT_EQ(e.stream_sid, "MZ9");
  EXPECT_EQ(e.media_format, (MediaFormat{"audio/x-mulaw", 16000, 2}));
}

TEST(TwilioGolden, Media) {
  const auto e = parse_as<Media>(R"({
    "event": "media",
    "sequenceNumber": "3",
    "media": {"track": "inbound", "chunk": "1", "timestamp": "5", "payload": "no+JhoaJjpw="},
    "streamSid": "MZ0123456789abcdef0123456789abcdef"
  })");
  EXPECT_EQ(e, (Media{3, "MZ0123456789abcdef0123456789abcdef", "inbound", 1, 5, "no+JhoaJjpw="}));
}

TEST(TwilioGolden, MediaCountersAsJsonIntegers) {
  const auto e =
      parse_as<Media>(R"({"event":"media","sequenceNumber":18446744073709551615,"streamSid":"MZ1",)"
                      R"("media":{"track":"inbound","chunk":2,"timestamp":20,"payload":""}})");
  EXPECT_EQ(e.sequence, 18446744073709551615ULL);
  EXPECT_EQ(e.chunk, 2U);
  EXPECT_EQ(e.timestamp_ms, 20U);
  EXPECT_EQ(e.payload_b64, "");
}

TEST(TwilioGolden, MediaLargestCounterString) {
  const auto e = parse_as<Media>(
      R"({"event":"media","sequenceNumber":"18446744073709551615","streamSid":"MZ1",)"
      R"("media":{"timestamp":"0","payload":"AAAA"}})");
  EXPECT_EQ(e.sequence, 18446744073709551615ULL);
}

TEST(TwilioGolden, Dtmf) {
  const auto e = parse_as<Dtmf>(
      R"({"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"1"}})");
  EXPECT_EQ(e, (Dtmf{5, "MZ1", "inbound_track", "1"}));
}

TEST(TwilioGolden, Mark) {
  const auto e = parse_as<Mark>(
      R"({"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"my label"}})");
  EXPECT_EQ(e, (Mark{4, "MZ1", "my label"}));
}

TEST(TwilioGolden, Stop) {
  const auto e = parse_as<Stop>(
      R"({"event":"stop","sequenceNumber":"5","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}})");
  EXPECT_EQ(e, (Stop{5, "MZ1", "AC1", "CA1"}));
}

TEST(TwilioGolden, UnknownMembersAreIgnored) {
  const auto e = parse_as<Mark>(
      R"({"event":"mark","extra":[1,{"x":null}],"streamSid":"MZ1","mark":{"name":"n","more":true}})");
  EXPECT_EQ(e.name, "n");
}

}  // namespace
}  // namespace voxgate::telephony::twilio
