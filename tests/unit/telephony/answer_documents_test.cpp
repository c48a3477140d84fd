// The answer documents the carriers' webhooks get back (TeXML, NCCO, Plivo
// XML), as the carriers' own references spell them.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "telephony/plivo/caller_leg_codec.hpp"
#include "telephony/plivo/stream_xml.hpp"
#include "telephony/telnyx/texml.hpp"
#include "telephony/vonage/ncco.hpp"

namespace voxgate::telephony {
namespace {

TEST(TelnyxTexml, ConnectsABidirectionalPcmuStreamWithParameters) {
  EXPECT_EQ(telnyx::connect_stream_texml("wss://h/media/telnyx?t=1&u=2",
                                         {{"voxgate_stream_token", "v1.a\"b"}}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect>)"
            R"(<Stream url="wss://h/media/telnyx?t=1&amp;u=2" bidirectionalMode="rtp" )"
            R"(bidirectionalCodec="PCMU">)"
            R"(<Parameter name="voxgate_stream_token" value="v1.a&quot;b"/>)"
            "</Stream></Connect></Response>");
}

TEST(PlivoStreamXml, BidirectionalKeptAliveMulawWithExtraHeaders) {
  EXPECT_EQ(plivo::stream_xml("wss://h/media/plivo?a=1&b=2",
                              {{"voxgate_stream_token", "v1.x"}, {"k", "v"}}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Stream bidirectional="true" )"
            R"(keepCallAlive="true" contentType="audio/x-mulaw;rate=8000" )"
            R"(extraHeaders="voxgate_stream_token=v1.x,k=v">wss://h/media/plivo?a=1&amp;b=2)"
            "</Stream></Response>");
  EXPECT_EQ(plivo::stream_xml("wss://h/media/plivo", {}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Stream bidirectional="true" )"
            R"(keepCallAlive="true" contentType="audio/x-mulaw;rate=8000">wss://h/media/plivo)"
            "</Stream></Response>");
}

TEST(PlivoStreamXml, ExtraHeadersComeBackThroughTheCodecsParser) {
  const Parameters headers{{"voxgate_stream_token", "v1.CA-1.123.abcdef"}, {"k", "v"}};
  EXPECT_EQ(plivo::parse_extra_headers("voxgate_stream_token=v1.CA-1.123.abcdef,k=v"), headers);
}

TEST(VonageNcco, ConnectsAWebsocketEndpointWithHeaders) {
  const auto ncco = boost::json::parse(vonage::connect_websocket_ncco(
      "wss://h/media/vonage", 8000, {{"uuid", "u-1"}, {"voxgate_stream_token", "v1.x"}}));
  const auto expected = boost::json::parse(R"([{"action":"connect","endpoint":[{
      "type":"websocket","uri":"wss://h/media/vonage","content-type":"audio/l16;rate=8000",
      "headers":{"uuid":"u-1","voxgate_stream_token":"v1.x"}}]}])");
  EXPECT_EQ(ncco, expected);
}

TEST(VonageNcco, RateIs8000Or16000) {
  const auto rate_of = [](int rate) {
    const auto ncco = boost::json::parse(vonage::connect_websocket_ncco("wss://h", rate, {}));
    return std::string(ncco.at(0).at("endpoint").at(0).at("content-type").as_string());
  };
  EXPECT_EQ(rate_of(16000), "audio/l16;rate=16000");
  EXPECT_EQ(rate_of(8000), "audio/l16;rate=8000");
  EXPECT_EQ(rate_of(44100), "audio/l16;rate=8000");
}

}  // namespace
}  // namespace voxgate::telephony
