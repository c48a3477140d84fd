// The Exotel codec through the caller-leg contract (telephony/caller_leg.hpp):
// what the shell sees of each Exotel message (shapes as in Exotel's Voicebot
// applet docs: snake-case ids, numbers as strings, 16-bit PCM by default) and
// the frames its actions become.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <vector>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "telephony/exotel/caller_leg_codec.hpp"

namespace voxgate::telephony {
namespace {
namespace json = boost::json;

constexpr std::string_view kStart =
    R"({"event":"start","sequence_number":"1","stream_sid":"s-1","start":{)"
    R"("stream_sid":"s-1","call_sid":"c-1","account_sid":"acct","from":"+91980","to":"+91800",)"
    R"("custom_parameters":{"voxgate_stream_token":"tok","lang":"hi"},)"
    R"("media_format":{"encoding":"audio/x-raw","sample_rate":"8000","bit_rate":"16"}}})";

std::string pcm_b64(const std::vector<int16_t>& samples) {
  std::vector<uint8_t> bytes;
  for (int16_t s : samples) {
    bytes.push_back(static_cast<uint8_t>(static_cast<uint16_t>(s) & 0xFF));
    bytes.push_back(static_cast<uint8_t>(static_cast<uint16_t>(s) >> 8));
  }
  return audio::base64_encode(bytes);
}

std::string media(std::string_view payload) {
  return R"({"event":"media","sequence_number":"2","stream_sid":"s-1","media":{"chunk":"1",)"
         R"("timestamp":"100","payload":")" +
         std::string(payload) + R"("}})";
}

class ExotelCallerLegCodec : public ::testing::Test {
 protected:
  // A start is admitted as the shell does: the call carries call_.
  CallerEvent parse_ok(std::string_view frame) {
    auto r = codec_->parse(frame);
    EXPECT_TRUE(r.ok()) << frame;
    if (auto* s = r ? std::get_if<CallerStarted>(&*r) : nullptr) {
      EXPECT_TRUE(codec_->use_call_format(s->format, call_));
    }
    return r ? *r : CallerEvent{};
  }
  std::unique_ptr<CallerCodec> codec_ = exotel::make_caller_codec();
  AudioFormat call_ = audio::kPhoneMulaw;
};

TEST_F(ExotelCallerLegCodec, TraitsCarryMulawWithMarksClearAndTheChunkRule) {
  const auto& t = codec_->traits();
  EXPECT_EQ(t.audio, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_FALSE(t.binary_frames);
  EXPECT_TRUE(t.has_marks);
  EXPECT_TRUE(t.has_clear);
  // Exotel: whole 320 bytes of 8 kHz PCM (20 ms), at least 3.2 KB (200 ms).
  EXPECT_EQ(t.play_granule_ms, 20);
  EXPECT_EQ(t.play_min_ms, 200);
  EXPECT_LE(t.play_max_ms * 16, 100 * 1024);
}

TEST_F(ExotelCallerLegCodec, StartCarriesIdsParametersAndTheTokenAndItsFormatAsItIs) {
  EXPECT_TRUE(std::holds_alternative<CallerNothing>(parse_ok(R"({"event":"connected"})")));
  const auto s = std::get<CallerStarted>(parse_ok(kStart));
  EXPECT_EQ(s.call_id, "c-1");
  EXPECT_EQ(s.stream_id, "s-1");
  EXPECT_EQ(s.account_id, "acct");
  EXPECT_EQ(s.format, audio::pcm16(8000));
  EXPECT_EQ(s.stream_token, "tok");
  EXPECT_EQ(s.custom_parameters, (Parameters{{"lang", "hi"}}));
}

TEST_F(ExotelCallerLegCodec, CamelCaseIdsAndAStreamIdBesideTheStartAreRead) {
  const auto s = std::get<CallerStarted>(parse_ok(
      R"({"event":"start","streamSid":"s-2","start":{"callSid":"c-2","accountSid":"a"}})"));
  EXPECT_EQ(s.call_id, "c-2");
  EXPECT_EQ(s.stream_id, "s-2");
  EXPECT_EQ(s.account_id, "a");
  EXPECT_EQ(s.format, audio::pcm16(8000));  // PCM 8 kHz by default
  EXPECT_FALSE(codec_->parse(R"({"event":"start","start":{"call_sid":"c"}})"))
      << "a start without any stream id is refused";
  auto camel = exotel::make_caller_codec();
  const auto c = std::get<CallerStarted>(
      *camel->parse(R"({"event":"start","start":{"streamSid":"s","callSid":"c",)"
                    R"("customParameters":{"voxgate_stream_token":"t","lang":"hi"}}})"));
  EXPECT_EQ(c.stream_token, "t");
  EXPECT_EQ(c.custom_parameters, (Parameters{{"lang", "hi"}}));
}

// The start as Exotel's "WebSocket protocol" page shows it: ids in snake
// case at both levels, from/to, custom_parameters, the rate as a string.
TEST_F(ExotelCallerLegCodec, TheDocumentedStartIsReadAsShown) {
  const auto s = std::get<CallerStarted>(parse_ok(
      R"({"event":"start","sequence_number":"1","stream_sid":"MZ1","start":{"stream_sid":"MZ1",)"
      R"("call_sid":"CA1","account_sid":"AC1","from":"+919876543210","to":"+918047491899",)"
      R"("custom_parameters":{"key1":"value1"},)"
      R"("media_format":{"encoding":"audio/x-raw","sample_rate":"8000","bit_rate":"16"}}})"));
  EXPECT_EQ(s.call_id, "CA1");
  EXPECT_EQ(s.stream_id, "MZ1");
  EXPECT_EQ(s.account_id, "AC1");
  EXPECT_EQ(s.caller, "+919876543210");
  EXPECT_EQ(s.custom_parameters, (Parameters{{"key1", "value1"}}));
  EXPECT_EQ(s.format, audio::pcm16(8000));
}

// 16 kHz PCM is resampled to the call's 8 kHz mu-law (audio/wire_pcm.hpp):
// 100 ms in (3200 bytes) is about 800 samples for the call, and a 200 ms
// chunk back is 6400 bytes of 16 kHz PCM. A rate it does not convert is
// reported as it is, for admission to refuse.
TEST_F(ExotelCallerLegCodec, SixteenKilohertzIsResampledOtherRatesReportedAsTheyAre) {
  const auto s = std::get<CallerStarted>(
      parse_ok(R"({"event":"start","start":{"stream_sid":"s","call_sid":"c",)"
               R"("media_format":{"encoding":"audio/x-raw","sample_rate":16000}}})"));
  EXPECT_EQ(s.format, audio::pcm16(16000));
  const auto m = std::get<CallerMedia>(parse_ok(media(pcm_b64(std::vector<int16_t>(1600, 0)))));
  std::vector<uint8_t> ulaw;
  ASSERT_TRUE(audio::base64_decode(m.payload_b64, ulaw));
  EXPECT_GE(ulaw.size(), 750u);
  EXPECT_LE(ulaw.size(), 800u);
  const std::string back = codec_->play(audio::base64_encode(std::vector<uint8_t>(1600, 0xFF)));
  EXPECT_NE(back.find(audio::base64_encode(std::vector<uint8_t>(6400, 0))), std::string::npos);

  auto other = exotel::make_caller_codec();
  const auto o = std::get<CallerStarted>(
      *other->parse(R"({"event":"start","start":{"stream_sid":"s","call_sid":"c",)"
                    R"("media_format":{"encoding":"audio/x-raw","sample_rate":44100}}})"));
  EXPECT_EQ(o.format, (AudioFormat{AudioEncoding::kLinear16, 44100, 1}));
  EXPECT_FALSE(other->use_call_format(o.format, audio::kPhoneMulaw));
}

// A call carrying the stream's own PCM (16 kHz to GPT-Live's audio/pcm
// 16000): the payload's base64 passes untouched both ways.
TEST_F(ExotelCallerLegCodec, ACallInTheStreamsOwnPcmPassesThePayloadUntouched) {
  call_ = audio::pcm16(16000);
  parse_ok(R"({"event":"start","start":{"stream_sid":"s","call_sid":"c",)"
           R"("media_format":{"encoding":"audio/x-raw","sample_rate":16000}}})");
  const std::string payload = pcm_b64({1, -2, 3000, -32768, 32767, 5, 6, 7});
  EXPECT_EQ(std::get<CallerMedia>(parse_ok(media(payload))).payload_b64, payload);
  EXPECT_NE(codec_->play(payload).find(payload), std::string::npos);
}

TEST_F(ExotelCallerLegCodec, PcmMediaReachesTheCallAsMulaw) {
  parse_ok(kStart);
  const std::vector<int16_t> samples{0, 1000, -1000, 32000, -32000};
  const auto m = std::get<CallerMedia>(parse_ok(media(pcm_b64(samples))));
  EXPECT_EQ(m.timestamp_ms, 100u);
  std::vector<uint8_t> ulaw;
  ASSERT_TRUE(audio::base64_decode(m.payload_b64, ulaw));
  ASSERT_EQ(ulaw.size(), samples.size());
  for (size_t i = 0; i < samples.size(); ++i) EXPECT_EQ(ulaw[i], audio::linear_to_ulaw(samples[i]));
  auto odd = codec_->parse(media("AAAA"));  // three bytes: not whole samples
  ASSERT_FALSE(odd);
  EXPECT_EQ(odd.error().reason, "odd_pcm_payload");
}

TEST_F(ExotelCallerLegCodec, MulawStreamsPassThroughBothWays) {
  parse_ok(R"({"event":"start","start":{"stream_sid":"s","call_sid":"c",)"
           R"("media_format":{"encoding":"audio/x-mulaw","sample_rate":"8000"}}})");
  EXPECT_EQ(std::get<CallerMedia>(parse_ok(media("AAAA"))).payload_b64, "AAAA");
  const auto played = json::parse(codec_->play("/w=="));
  EXPECT_EQ(played.at("media").at("payload").as_string(), "/w==");
}

TEST_F(ExotelCallerLegCodec, DtmfMarkAndStopAreTheCallsEvents) {
  parse_ok(kStart);
  EXPECT_EQ(
      std::get<CallerDtmf>(
          parse_ok(R"({"event":"dtmf","stream_sid":"s-1","dtmf":{"digit":"7","duration":"100"}})"))
          .digit,
      "7");
  EXPECT_EQ(
      std::get<CallerPlayed>(parse_ok(R"({"event":"mark","stream_sid":"s-1","mark":{"name":"m"}})"))
          .mark,
      "m");
  EXPECT_TRUE(std::holds_alternative<CallerStop>(
      parse_ok(R"({"event":"stop","stream_sid":"s-1","stop":{"reason":"callended"}})")));
}

TEST_F(ExotelCallerLegCodec, BadMessagesAreRejectedWithAReason) {
  EXPECT_EQ(codec_->parse("{").error().reason, "invalid_json");
  EXPECT_EQ(codec_->parse(R"({"event":"transfer"})").error().reason, "unknown_event");
  EXPECT_EQ(codec_->parse(R"({"event":"media","media":{}})").error().reason, "missing_field");
  EXPECT_EQ(codec_->parse(R"({"event":"mark","mark":{"name":1}})").error().reason, "wrong_type");
}

TEST_F(ExotelCallerLegCodec, PlayTurnsTheCallsMulawIntoPcmAndNamesTheStream) {
  parse_ok(kStart);
  const std::vector<uint8_t> ulaw{0xFF, 0x00, 0x80, 0x7F};
  const auto out = json::parse(codec_->play(audio::base64_encode(ulaw)));
  EXPECT_EQ(out.at("event").as_string(), "media");
  EXPECT_EQ(out.at("stream_sid").as_string(), "s-1");
  std::vector<uint8_t> pcm;
  ASSERT_TRUE(audio::base64_decode(out.at("media").at("payload").as_string(), pcm));
  ASSERT_EQ(pcm.size(), 2 * ulaw.size());
  for (size_t i = 0; i < ulaw.size(); ++i) {
    const auto v = static_cast<int16_t>(pcm[2 * i] | (pcm[2 * i + 1] << 8));
    EXPECT_EQ(v, audio::ulaw_to_linear(ulaw[i]));
  }
}

TEST_F(ExotelCallerLegCodec, MarkAndClearNameTheStream) {
  parse_ok(kStart);
  const auto mark = json::parse(codec_->mark("greet\"1"));
  EXPECT_EQ(mark.at("event").as_string(), "mark");
  EXPECT_EQ(mark.at("stream_sid").as_string(), "s-1");
  EXPECT_EQ(mark.at("mark").at("name").as_string(), "greet\"1");
  const auto clear = json::parse(codec_->clear());
  EXPECT_EQ(clear.at("event").as_string(), "clear");
  EXPECT_EQ(clear.at("stream_sid").as_string(), "s-1");
  EXPECT_FALSE(codec_->hang_up());
}

}  // namespace
}  // namespace voxgate::telephony
