// The Telnyx codec through the caller-leg contract (telephony/caller_leg.hpp):
// what the shell sees of each Telnyx message (shapes as in Telnyx's "Stream
// call media over WebSocket" reference: counters as strings, stream_id at
// the top), the frames its actions become, and media put back in order.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "telephony/telnyx/caller_leg_codec.hpp"

namespace voxgate::telephony {
namespace {
namespace json = boost::json;

constexpr std::string_view kStart =
    R"({"event":"start","sequence_number":"1","stream_id":"S1","start":{"user_id":"U1",)"
    R"("call_control_id":"v3:C1","from":"+1555","to":"+1556",)"
    R"("media_format":{"encoding":"PCMU","sample_rate":8000,"channels":1},)"
    R"("custom_parameters":{"voxgate_stream_token":"tok","lang":"en"}}})";

std::string media(uint64_t chunk, std::string_view payload = "AAAA") {
  return R"({"event":"media","sequence_number":")" + std::to_string(chunk + 1) +
         R"(","stream_id":"S1","media":{"track":"inbound","chunk":")" + std::to_string(chunk) +
         R"(","timestamp":")" + std::to_string(chunk * 20) + R"(","payload":")" +
         std::string(payload) + R"("}})";
}

class TelnyxCallerLegCodec : public ::testing::Test {
 protected:
  // Everything one frame releases: parse's event, then next() until empty.
  std::vector<CallerEvent> feed(std::string_view frame) {
    std::vector<CallerEvent> out;
    auto r = codec_->parse(frame);
    EXPECT_TRUE(r.ok()) << frame;
    if (!r) return out;
    if (!std::holds_alternative<CallerNothing>(*r)) out.push_back(std::move(*r));
    while (auto more = codec_->next()) out.push_back(std::move(*more));
    return out;
  }
  // The timestamps of the media released, in order.
  std::vector<uint64_t> feed_media(std::initializer_list<uint64_t> chunks) {
    std::vector<uint64_t> ts;
    for (uint64_t c : chunks) {
      for (auto& e : feed(media(c))) ts.push_back(std::get<CallerMedia>(e).timestamp_ms);
    }
    return ts;
  }
  std::unique_ptr<CallerCodec> codec_ = telnyx::make_caller_codec();
};

TEST_F(TelnyxCallerLegCodec, TraitsArePcmu8kJsonWithMarksAndClear) {
  const auto& t = codec_->traits();
  EXPECT_EQ(t.audio, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_FALSE(t.binary_frames);
  EXPECT_TRUE(t.has_marks);
  EXPECT_TRUE(t.has_clear);
  EXPECT_FALSE(codec_->hang_up().has_value());
}

TEST_F(TelnyxCallerLegCodec, StartCarriesIdsFormatAndTheTokenApart) {
  auto events = feed(kStart);
  ASSERT_EQ(events.size(), 1u);
  const auto& s = std::get<CallerStarted>(events[0]);
  EXPECT_EQ(s.call_id, "v3:C1");
  EXPECT_EQ(s.stream_id, "S1");
  EXPECT_EQ(s.account_id, "U1");
  EXPECT_EQ(s.format, (AudioFormat{AudioEncoding::kMulaw, 8000, 1}));
  EXPECT_EQ(s.stream_token, "tok");
  EXPECT_EQ(s.custom_parameters, (Parameters{{"lang", "en"}}));
}

// Call Control's custom_parameters shape ([{name, value}]) is read as well
// as the object; anything else in that array is a bad start.
TEST_F(TelnyxCallerLegCodec, CustomParametersAsCallControlsNameValueArrayAreRead) {
  auto r = codec_->parse(R"({"event":"start","stream_id":"S1","start":{"call_control_id":"v3:C1",)"
                         R"("custom_parameters":[{"name":"voxgate_stream_token","value":"tok"},)"
                         R"({"name":"lang","value":"en"}]}})");
  ASSERT_TRUE(r.ok());
  const auto& s = std::get<CallerStarted>(*r);
  EXPECT_EQ(s.stream_token, "tok");
  EXPECT_EQ(s.custom_parameters, (Parameters{{"lang", "en"}}));
  auto other = telnyx::make_caller_codec();
  EXPECT_FALSE(other->parse(R"({"event":"start","stream_id":"S1","start":{"call_control_id":"C",)"
                            R"("custom_parameters":[{"name":"lang","value":1}]}})"));
}

TEST_F(TelnyxCallerLegCodec, OtherCodecsAreNamedSoAdmissionCanRefuseThem) {
  auto r =
      codec_->parse(R"({"event":"start","stream_id":"S1","start":{"call_control_id":"C",)"
                    R"("media_format":{"encoding":"OPUS","sample_rate":16000,"channels":1}}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::get<CallerStarted>(*r).format, (AudioFormat{AudioEncoding::kOther, 16000, 1}));
}

TEST_F(TelnyxCallerLegCodec, ConnectedErrorAndOutboundTrackAreNothingForTheCall) {
  EXPECT_TRUE(feed(R"({"event":"connected","version":"1.0.0"})").empty());
  EXPECT_TRUE(feed(R"({"event":"error","payload":{"code":100002,"title":"x"}})").empty());
  EXPECT_TRUE(feed(R"({"event":"media","media":{"track":"outbound","payload":"AAAA"}})").empty());
}

TEST_F(TelnyxCallerLegCodec, MediaDtmfMarkStop) {
  auto e = feed(media(1, "AQID"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(std::get<CallerMedia>(e[0]), (CallerMedia{"AQID", 20}));
  e = feed(R"({"event":"dtmf","stream_id":"S1","dtmf":{"digit":"7"}})");
  EXPECT_EQ(std::get<CallerDtmf>(e.at(0)).digit, "7");
  e = feed(R"({"event":"mark","stream_id":"S1","mark":{"name":"m-3"}})");
  EXPECT_EQ(std::get<CallerPlayed>(e.at(0)).mark, "m-3");
  e = feed(R"({"event":"stop","stream_id":"S1","stop":{"call_control_id":"C"}})");
  EXPECT_TRUE(std::holds_alternative<CallerStop>(e.at(0)));
}

TEST_F(TelnyxCallerLegCodec, ShuffledMediaIsReleasedInChunkOrder) {
  EXPECT_EQ(feed_media({1, 3, 2, 4, 6, 5}), (std::vector<uint64_t>{20, 40, 60, 80, 100, 120}));
}

TEST_F(TelnyxCallerLegCodec, AFirstFrameThatArrivesLateStillLeadsTheStream) {
  EXPECT_EQ(feed_media({2, 3, 1}), (std::vector<uint64_t>{20, 40, 60}));
}

TEST_F(TelnyxCallerLegCodec, AGapLongerThanTheWindowIsGivenUpAndItsFrameIsLate) {
  // Chunk 2 never comes in time: after the window's frames wait, 3.. flow.
  std::vector<uint64_t> released = feed_media({1, 3, 4, 5, 6, 7});
  EXPECT_EQ(released, (std::vector<uint64_t>{20}));
  released = feed_media({8});
  EXPECT_EQ(released, (std::vector<uint64_t>{60, 80, 100, 120, 140, 160}));
  auto late = codec_->parse(media(2));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().reason, "late_media");
  EXPECT_EQ(feed_media({9}), (std::vector<uint64_t>{180}));
}

TEST_F(TelnyxCallerLegCodec, StopReleasesWhatWaitedBeforeIt) {
  feed_media({1, 3});
  auto e = feed(R"({"event":"stop","stream_id":"S1"})");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(std::get<CallerMedia>(e[0]).timestamp_ms, 60u);
  EXPECT_TRUE(std::holds_alternative<CallerStop>(e[1]));
}

TEST_F(TelnyxCallerLegCodec, ARepeatedChunkIsLate) {
  feed_media({1, 2});
  auto r = codec_->parse(media(2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "late_media");
}

TEST_F(TelnyxCallerLegCodec, BadInputIsABadMessageWithAReason) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"{not json", "invalid_json"},
      {R"({"event":"media","media":{}})", "missing_field"},
      {R"({"event":"media","media":{"chunk":"x1","payload":"AAAA"}})", "wrong_type"},
      {R"({"event":"media","media":{"payload":"@@"}})", "bad_base64"},
      {R"({"event":"start","start":{"call_control_id":"C"}})", "missing_field"},
      {R"({"event":"dtmf","dtmf":{}})", "missing_field"},
      {R"({"event":"hello"})", "unknown_event"},
  };
  for (const auto& [frame, reason] : cases) {
    auto r = codec_->parse(frame);
    ASSERT_FALSE(r.ok()) << frame;
    EXPECT_EQ(r.error().reason, reason) << frame;
  }
}

TEST_F(TelnyxCallerLegCodec, ActionsAreTelnyxFrames) {
  EXPECT_EQ(json::parse(codec_->play("AQID")),
            json::parse(R"({"event":"media","media":{"payload":"AQID"}})"));
  EXPECT_EQ(json::parse(codec_->mark("m \"1\"")),
            json::parse(R"({"event":"mark","mark":{"name":"m \"1\""}})"));
  EXPECT_EQ(json::parse(codec_->clear()), json::parse(R"({"event":"clear"})"));
}

}  // namespace
}  // namespace voxgate::telephony
