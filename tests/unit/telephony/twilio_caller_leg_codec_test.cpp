// The Twilio codec through the caller-leg contract (telephony/caller_leg.hpp):
// what the shell sees of each Twilio message, and the frames its actions
// become. Only the interface is used after construction.
#include <gtest/gtest.h>

#include "telephony/twilio/caller_leg_codec.hpp"

namespace voxgate::telephony {
namespace {

constexpr std::string_view kStart =
    R"({"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"streamSid":"MZ1",)"
    R"("accountSid":"AC1","callSid":"CA1","tracks":["inbound"],)"
    R"("mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},)"
    R"("customParameters":{"lang":"en","voxgate_stream_token":"tok","who":"bob"}}})";

class TwilioCallerLegCodec : public ::testing::Test {
 protected:
  CallerEvent parse_ok(std::string_view frame) {
    auto r = codec_->parse(frame);
    EXPECT_TRUE(r.ok()) << frame;
    return r ? *r : CallerEvent{};
  }
  std::unique_ptr<CallerCodec> codec_ = twilio::make_caller_codec();
};

TEST_F(TwilioCallerLegCodec, TraitsAreMulaw8kTwentyMsJsonWithMarksAndClear) {
  const auto& t = codec_->traits();
  EXPECT_EQ(t.audio, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_EQ(t.frame_ms, 20);
  EXPECT_FALSE(t.binary_frames);
  EXPECT_TRUE(t.has_marks);
  EXPECT_TRUE(t.has_clear);
  EXPECT_FALSE(codec_->hang_up().has_value());  // closing the socket ends the <Stream>
}

TEST_F(TwilioCallerLegCodec, StartLiftsTheStreamTokenOutOfTheParameters) {
  const auto e = parse_ok(kStart);
  const auto* s = std::get_if<CallerStarted>(&e);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->call_id, "CA1");
  EXPECT_EQ(s->stream_id, "MZ1");
  EXPECT_EQ(s->account_id, "AC1");
  EXPECT_EQ(s->format, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_EQ(s->stream_token, "tok");
  EXPECT_EQ(s->custom_parameters, (Parameters{{"lang", "en"}, {"who", "bob"}}));
  EXPECT_EQ(event_name(e), "start");
}

TEST_F(TwilioCallerLegCodec, ConnectedIsNothingForTheCall) {
  const auto e = parse_ok(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
  EXPECT_TRUE(std::holds_alternative<CallerNothing>(e));
}

TEST_F(TwilioCallerLegCodec, MediaMarkDtmfStop) {
  auto e = parse_ok(
      R"({"event":"media","streamSid":"MZ1","media":{"timestamp":"40","payload":"AAAA"}})");
  EXPECT_EQ(std::get<CallerMedia>(e), (CallerMedia{"AAAA", 40}));
  e = parse_ok(R"({"event":"mark","streamSid":"MZ1","mark":{"name":"m-1"}})");
  EXPECT_EQ(std::get<CallerPlayed>(e).mark, "m-1");
  e = parse_ok(R"({"event":"dtmf","streamSid":"MZ1","dtmf":{"digit":"5"}})");
  EXPECT_EQ(std::get<CallerDtmf>(e).digit, "5");
  e = parse_ok(R"({"event":"stop","streamSid":"MZ1"})");
  EXPECT_TRUE(std::holds_alternative<CallerStop>(e));
  EXPECT_EQ(event_name(e), "stop");
}

TEST_F(TwilioCallerLegCodec, BadInputIsABadMessageWithAReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"{not json", "invalid_json"},
      {"[1]", "not_object"},
      {R"({"event":"media","streamSid":"MZ1","media":{}})", "missing_field"},
      {R"({"event":"media","streamSid":"MZ1","media":{"payload":"@@"}})", "bad_base64"},
      {R"({"event":"hello"})", "unknown_event"},
  };
  for (const auto& [frame, reason] : cases) {
    auto r = codec_->parse(frame);
    ASSERT_FALSE(r.ok()) << frame;
    EXPECT_EQ(r.error().reason, reason) << frame;
  }
}

TEST_F(TwilioCallerLegCodec, ActionsAddressTheStartedStream) {
  parse_ok(kStart);
  EXPECT_EQ(codec_->play("AAAA"),
            R"({"event":"media","streamSid":"MZ1","media":{"payload":"AAAA"}})");
  EXPECT_EQ(codec_->mark("utt-1"), R"({"event":"mark","streamSid":"MZ1","mark":{"name":"utt-1"}})");
  EXPECT_EQ(codec_->clear(), R"({"event":"clear","streamSid":"MZ1"})");
}

TEST_F(TwilioCallerLegCodec, ASecondStartDoesNotMoveTheStream) {
  parse_ok(kStart);
  std::string again(kStart);
  for (auto pos = again.find("MZ1"); pos != std::string::npos; pos = again.find("MZ1"))
    again.replace(pos, 3, "MZ2");
  parse_ok(again);
  EXPECT_EQ(codec_->clear(), R"({"event":"clear","streamSid":"MZ1"})");
}

}  // namespace
}  // namespace voxgate::telephony
