// The Plivo codec through the caller-leg contract (telephony/caller_leg.hpp):
// what the shell sees of each Plivo message (shapes as in Plivo's audio
// streaming reference) and the frames its actions become.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "audio/base64.hpp"
#include "audio/format.hpp"
#include "audio/g711.hpp"
#include "telephony/plivo/caller_leg_codec.hpp"

namespace voxgate::telephony {
namespace {
namespace json = boost::json;

constexpr std::string_view kStart =
    R"({"event":"start","sequenceNumber":1,"start":{"callId":"c-1","streamId":"s-1",)"
    R"("accountId":"MA1","tracks":["inbound"],)"
    R"("mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000}},)"
    R"("extra_headers":"voxgate_stream_token=tok;lang=en"})";

class PlivoCallerLegCodec : public ::testing::Test {
 protected:
  CallerEvent parse_ok(std::string_view frame) {
    auto r = codec_->parse(frame);
    EXPECT_TRUE(r.ok()) << frame;
    return r ? *r : CallerEvent{};
  }
  std::unique_ptr<CallerCodec> codec_ = plivo::make_caller_codec();
};

TEST_F(PlivoCallerLegCodec, TraitsAreMulaw8kJsonWithCheckpointsAndClear) {
  const auto& t = codec_->traits();
  EXPECT_EQ(t.audio, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_FALSE(t.binary_frames);
  EXPECT_TRUE(t.has_marks);
  EXPECT_TRUE(t.has_clear);
}

TEST_F(PlivoCallerLegCodec, StartCarriesIdsFormatAndTheTokenFromTheExtraHeaders) {
  const auto s = std::get<CallerStarted>(parse_ok(kStart));
  EXPECT_EQ(s.call_id, "c-1");
  EXPECT_EQ(s.stream_id, "s-1");
  EXPECT_EQ(s.account_id, "MA1");
  EXPECT_EQ(s.format, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_EQ(s.stream_token, "tok");
  EXPECT_EQ(s.custom_parameters, (Parameters{{"lang", "en"}}));
}

TEST_F(PlivoCallerLegCodec, ExtraHeadersInsideStartAndL16AreRead) {
  const auto s = std::get<CallerStarted>(
      parse_ok(R"({"event":"start","start":{"callId":"c","streamId":"s","extra_headers":"a=1,b=2",)"
               R"("mediaFormat":{"encoding":"audio/x-l16","sampleRate":16000}}})"));
  EXPECT_EQ(s.custom_parameters, (Parameters{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(s.format, (AudioFormat{AudioEncoding::kLinear16, 16000, 1}));
}

std::string l16_start(int rate) {
  return R"({"event":"start","start":{"callId":"c","streamId":"s",)"
         R"("mediaFormat":{"encoding":"audio/x-l16","sampleRate":)" +
         std::to_string(rate) + "}}}";
}

std::string media_b64(const std::string& payload) {
  return R"({"event":"media","media":{"track":"inbound","timestamp":"20","chunk":1,"payload":")" +
         payload + R"("}})";
}

// A <Stream contentType="audio/x-l16;rate=8000"> of the user's own on a
// mu-law call: G.711 each way, and playAudio names the stream's L16.
TEST_F(PlivoCallerLegCodec, L16EightKilohertzIsConvertedToAndFromAMulawCall) {
  const auto s = std::get<CallerStarted>(parse_ok(l16_start(8000)));
  ASSERT_TRUE(codec_->use_call_format(s.format, audio::kPhoneMulaw));
  const std::vector<uint8_t> pcm{0xE8, 0x03, 0x18, 0xFC};  // 1000, -1000
  const auto m = std::get<CallerMedia>(parse_ok(media_b64(audio::base64_encode(pcm))));
  std::vector<uint8_t> ulaw;
  ASSERT_TRUE(audio::base64_decode(m.payload_b64, ulaw));
  EXPECT_EQ(ulaw,
            (std::vector<uint8_t>{audio::linear_to_ulaw(1000), audio::linear_to_ulaw(-1000)}));
  const auto out = json::parse(codec_->play(audio::base64_encode(ulaw)));
  EXPECT_EQ(out.at("media").at("contentType").as_string(), "audio/x-l16");
  EXPECT_EQ(out.at("media").at("sampleRate").as_int64(), 8000);
  std::vector<uint8_t> back;
  ASSERT_TRUE(audio::base64_decode(out.at("media").at("payload").as_string(), back));
  EXPECT_EQ(back.size(), 4u);
  auto odd = codec_->parse(media_b64("AAAA"));  // three bytes: not whole samples
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().reason, "odd_pcm_payload");
}

// 16 kHz L16 on a call that carries it (GPT-Live's audio/pcm 16000): the
// payload passes untouched both ways; a rate not converted is refused.
TEST_F(PlivoCallerLegCodec, L16SixteenKilohertzPassesUntouchedOnACallInThatFormat) {
  const auto s = std::get<CallerStarted>(parse_ok(l16_start(16000)));
  ASSERT_TRUE(codec_->use_call_format(s.format, audio::pcm16(16000)));
  const std::string payload = audio::base64_encode(std::vector<uint8_t>{1, 2, 3, 4, 5, 6});
  EXPECT_EQ(std::get<CallerMedia>(parse_ok(media_b64(payload))).payload_b64, payload);
  const auto out = json::parse(codec_->play(payload));
  EXPECT_EQ(out.at("media").at("payload").as_string(), payload);
  EXPECT_EQ(out.at("media").at("sampleRate").as_int64(), 16000);

  auto other = plivo::make_caller_codec();
  const auto o = std::get<CallerStarted>(*other->parse(l16_start(11025)));
  EXPECT_FALSE(other->use_call_format(o.format, audio::kPhoneMulaw));
  EXPECT_FALSE(other->use_call_format(s.format, audio::kPhoneMulaw) &&
               other->use_call_format(audio::kPhoneMulaw, audio::pcm16(16000)));
}

TEST_F(PlivoCallerLegCodec, ExtraHeadersSkipPairsWithoutAName) {
  EXPECT_EQ(plivo::parse_extra_headers("=x;a=1;junk;;b=c=d"),
            (Parameters{{"a", "1"}, {"b", "c=d"}}));
  EXPECT_TRUE(plivo::parse_extra_headers("").empty());
}

TEST_F(PlivoCallerLegCodec, MediaDtmfPlayedStreamClearedStop) {
  auto e =
      parse_ok(R"({"event":"media","sequenceNumber":2,"streamId":"s-1","media":{"track":"inbound",)"
               R"("timestamp":"1700000000020","chunk":1,"payload":"AQID"}})");
  EXPECT_EQ(std::get<CallerMedia>(e), (CallerMedia{"AQID", 1700000000020}));
  e = parse_ok(R"({"event":"dtmf","streamId":"s-1","dtmf":{"track":"inbound","digit":"9"}})");
  EXPECT_EQ(std::get<CallerDtmf>(e).digit, "9");
  e = parse_ok(R"({"event":"playedStream","streamId":"s-1","name":"m-2"})");
  EXPECT_EQ(std::get<CallerPlayed>(e).mark, "m-2");
  EXPECT_TRUE(std::holds_alternative<CallerNothing>(
      parse_ok(R"({"event":"clearedAudio","streamId":"s-1"})")));
  EXPECT_TRUE(std::holds_alternative<CallerStop>(parse_ok(R"({"event":"stop"})")));
}

TEST_F(PlivoCallerLegCodec, BadInputIsABadMessageWithAReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"{not json", "invalid_json"},
      {R"({"event":"media","media":{}})", "missing_field"},
      {R"({"event":"media","media":{"payload":"@@"}})", "bad_base64"},
      {R"({"event":"start","start":{"callId":"c"}})", "missing_field"},
      {R"({"event":"playedStream"})", "missing_field"},
      {R"({"event":"start","start":{"callId":"c","streamId":"s","extra_headers":7}})",
       "wrong_type"},
      {R"({"event":"playAudio"})", "unknown_event"},
  };
  for (const auto& [frame, reason] : cases) {
    auto r = codec_->parse(frame);
    ASSERT_FALSE(r.ok()) << frame;
    EXPECT_EQ(r.error().reason, reason) << frame;
  }
}

TEST_F(PlivoCallerLegCodec, ActionsArePlivoFramesNamingTheStream) {
  parse_ok(kStart);
  EXPECT_EQ(json::parse(codec_->play("AQID")),
            json::parse(R"({"event":"playAudio","media":{"contentType":"audio/x-mulaw",)"
                        R"("sampleRate":8000,"payload":"AQID"}})"));
  EXPECT_EQ(json::parse(codec_->mark("m-1")),
            json::parse(R"({"event":"checkpoint","streamId":"s-1","name":"m-1"})"));
  EXPECT_EQ(json::parse(codec_->clear()),
            json::parse(R"({"event":"clearAudio","streamId":"s-1"})"));
}

}  // namespace
}  // namespace voxgate::telephony
