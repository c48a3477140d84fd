// Each media-stream path speaks one carrier dialect (server/media_routes.hpp).
#include "server/media_routes.hpp"

#include <gtest/gtest.h>

#include <string>

namespace voxgate::server {
namespace {

TEST(MediaRoutes, TwilioOnItsOwnPathAndOnTheFirstMediaPath) {
  for (std::string_view path : {"/media/twilio", "/media"}) {
    const MediaRoute* r = media_route(path);
    ASSERT_NE(r, nullptr) << path;
    EXPECT_EQ(r->carrier, "twilio");
    auto codec = r->make_codec();
    ASSERT_NE(codec, nullptr);
    EXPECT_TRUE(codec->traits().has_marks);
    auto started = codec->parse(
        R"({"event":"start","streamSid":"MZ1","start":{"streamSid":"MZ1","callSid":"CA1"}})");
    ASSERT_TRUE(started.ok());
    EXPECT_TRUE(std::holds_alternative<telephony::CallerStarted>(*started));
  }
}

TEST(MediaRoutes, EachCarriersPathNamesItsCarrier) {
  for (std::string_view carrier : {"twilio", "signalwire", "telnyx", "plivo", "exotel", "vonage"}) {
    const MediaRoute* r = media_route("/media/" + std::string(carrier));
    ASSERT_NE(r, nullptr) << carrier;
    EXPECT_EQ(r->carrier, carrier);
  }
}

TEST(MediaRoutes, UnknownPathHasNoCodec) {
  EXPECT_EQ(media_route("/media/unknown"), nullptr);
  EXPECT_EQ(media_route("/twiml"), nullptr);
}

}  // namespace
}  // namespace voxgate::server
