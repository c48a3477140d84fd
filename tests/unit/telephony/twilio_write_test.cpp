// Serializers (voxgate -> Twilio), encode_inbound (callsim -> voxgate) and
// parse_outbound (callsim reading voxgate), checked by parsing the output
// with Boost.JSON and by round trips through the codec's own parsers.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "audio/base64.hpp"
#include "telephony/twilio/codec.hpp"

namespace voxgate::telephony::twilio {
namespace {
namespace json = boost::json;

std::string payload_160() {
  std::vector<uint8_t> bytes(160);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 7 + 1);
  return audio::base64_encode(bytes);
}

// Every byte that JSON requires escaping, plus UTF-8 text.
const std::string kNasty = std::string("q\"b\\s/ \x01\x1f\n\r\t\b\f") + '\0' + "end \xc3\xa9";

TEST(TwilioSerialize, MediaExactBytes) {
  EXPECT_EQ(media_message("MZ1", "AAAA"),
            R"({"event":"media","streamSid":"MZ1","media":{"payload":"AAAA"}})");
}

TEST(TwilioSerialize, MarkExactBytes) {
  EXPECT_EQ(mark_message("MZ1", "utt-3"),
            R"({"event":"mark","streamSid":"MZ1","mark":{"name":"utt-3"}})");
}

TEST(TwilioSerialize, ClearExactBytes) {
  EXPECT_EQ(clear_message("MZ1"), R"({"event":"clear","streamSid":"MZ1"})");
}

TEST(TwilioSerialize, MediaParsesBackWithBoostJson) {
  const std::string p = payload_160();
  const json::value v = json::parse(media_message("MZabc", p));
  EXPECT_EQ(v.at("event").as_string(), "media");
  EXPECT_EQ(v.at("streamSid").as_string(), "MZabc");
  EXPECT_EQ(v.at("media").at("payload").as_string(), p);
}

TEST(TwilioSerialize, EscapesQuotesBackslashesAndControlChars) {
  const std::string mark = mark_message(kNasty, kNasty);
  const json::value v = json::parse(mark);
  EXPECT_EQ(std::string(v.at("streamSid").as_string()), kNasty);
  EXPECT_EQ(std::string(v.at("mark").at("name").as_string()), kNasty);
  // No raw control character may appear in JSON text.
  for (const char c : mark) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << mark;

  const json::value c = json::parse(clear_message(kNasty));
  EXPECT_EQ(std::string(c.at("streamSid").as_string()), kNasty);
  const json::value m = json::parse(media_message(kNasty, "AAAA"));
  EXPECT_EQ(std::string(m.at("streamSid").as_string()), kNasty);
}

TEST(TwilioSerialize, EachEscapedCharacterAlone) {
  for (int ch = 0; ch < 0x80; ++ch) {
    const std::string name(1, static_cast<char>(ch));
    const json::value v = json::parse(mark_message("MZ1", name));
    EXPECT_EQ(std::string(v.at("mark").at("name").as_string()), name) << ch;
  }
}

TEST(TwilioOutbound, EveryMessageParsesBack) {
  const std::string p = payload_160();
  auto media = parse_outbound(media_message("MZ1", p));
  ASSERT_TRUE(media.ok());
  EXPECT_EQ(std::get<OutMedia>(*media), (OutMedia{"MZ1", p}));

  auto mark = parse_outbound(mark_message("MZ1", kNasty));
  ASSERT_TRUE(mark.ok());
  EXPECT_EQ(std::get<OutMark>(*mark), (OutMark{"MZ1", kNasty}));

  auto clear = parse_outbound(clear_message("MZ1"));
  ASSERT_TRUE(clear.ok());
  EXPECT_EQ(std::get<OutClear>(*clear), (OutClear{"MZ1"}));
}

TEST(TwilioEncodeInbound, TwilioShapeWithStringCounters) {
  const json::value v = json::parse(encode_inbound(Media{7, "MZ1", "inbound", 3, 40, "AAAA"}));
  EXPECT_EQ(v.at("event").as_string(), "media");
  EXPECT_EQ(v.at("sequenceNumber").as_string(), "7");
  EXPECT_EQ(v.at("streamSid").as_string(), "MZ1");
  EXPECT_EQ(v.at("media").at("track").as_string(), "inbound");
  EXPECT_EQ(v.at("media").at("chunk").as_string(), "3");
  EXPECT_EQ(v.at("media").at("timestamp").as_string(), "40");
  EXPECT_EQ(v.at("media").at("payload").as_string(), "AAAA");

  Start s;
  s.sequence = 1;
  s.stream_sid = "MZ1";
  s.call_sid = "CA1";
  s.media_format = {"audio/x-mulaw", 8000, 1};
  const json::value st = json::parse(encode_inbound(s));
  EXPECT_EQ(st.at("sequenceNumber").as_string(), "1");
  EXPECT_EQ(st.at("streamSid").as_string(), "MZ1");
  EXPECT_EQ(st.at("start").at("streamSid").as_string(), "MZ1");
  EXPECT_EQ(st.at("start").at("mediaFormat").at("sampleRate").as_int64(), 8000);
  EXPECT_EQ(st.at("start").at("mediaFormat").at("channels").as_int64(), 1);
  EXPECT_TRUE(st.at("start").at("tracks").is_array());
  EXPECT_TRUE(st.at("start").at("customParameters").is_object());

  const json::value d = json::parse(encode_inbound(Dtmf{2, "MZ1", "inbound_track", "#"}));
  EXPECT_EQ(d.at("sequenceNumber").as_string(), "2");
  EXPECT_EQ(d.at("dtmf").at("digit").as_string(), "#");
}

void expect_round_trip(const InboundEvent& e) {
  const std::string text = encode_inbound(e);
  const auto back = parse_inbound(text);
  ASSERT_TRUE(back.ok()) << text << " -> " << to_string(back.error());
  EXPECT_EQ(*back, e) << text;
}

TEST(TwilioEncodeInbound, RoundTripEveryEvent) {
  expect_round_trip(Connected{"Call", "1.0.0"});
  Start s;
  s.sequence = 1;
  s.stream_sid = "MZ0123456789abcdef0123456789abcdef";
  s.account_sid = "AC1";
  s.call_sid = "CA1";
  s.tracks = {"inbound", "outbound"};
  s.custom_parameters = {{"zeta", "1"}, {"alpha", kNasty}, {"caller", "+14155550100"}};
  s.media_format = {"audio/x-mulaw", 8000, 1};
  expect_round_trip(s);
  expect_round_trip(Media{18446744073709551615ULL, "MZ1", "inbound", 1, 0, payload_160()});
  expect_round_trip(Media{2, "MZ1", "inbound", 2, 20, ""});
  expect_round_trip(Dtmf{5, "MZ1", "inbound_track", "9"});
  expect_round_trip(Mark{4, "MZ1", kNasty});
  expect_round_trip(Stop{9, "MZ1", "AC1", "CA1"});
}

}  // namespace
}  // namespace voxgate::telephony::twilio
