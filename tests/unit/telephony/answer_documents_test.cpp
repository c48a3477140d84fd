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

// The continuation: once the stream ends, each carrier asks where the call
// goes (TeXML's <Connect> is synchronous, Plivo runs on to the next element,
// Vonage runs the next NCCO action); the answer dials or hangs up.
TEST(TelnyxTexml, RedirectsToTheContinuationAfterTheStream) {
  const std::string doc = telnyx::connect_stream_texml("wss://h/media/telnyx", {},
                                                       "https://h/answer/telnyx/after?call=a&b");
  EXPECT_NE(doc.find(R"(</Stream></Connect><Redirect method="POST">)"
                     R"(https://h/answer/telnyx/after?call=a&amp;b</Redirect></Response>)"),
            std::string::npos)
      << doc;
  EXPECT_EQ(telnyx::dial_texml("+15550100"),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Number>+15550100</Number>)"
            "</Dial></Response>");
  EXPECT_NE(telnyx::dial_texml("sip:desk@pbx.example").find("<Sip>sip:desk@pbx.example</Sip>"),
            std::string::npos);
  EXPECT_NE(telnyx::hangup_texml().find("<Hangup/>"), std::string::npos);
}

TEST(PlivoStreamXml, RedirectsToTheContinuationAfterTheStream) {
  const std::string doc =
      plivo::stream_xml("wss://h/media/plivo", {}, "https://h/answer/plivo/after");
  EXPECT_NE(doc.find("</Stream><Redirect>https://h/answer/plivo/after</Redirect></Response>"),
            std::string::npos)
      << doc;
  EXPECT_EQ(plivo::dial_xml("+15550100"),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Number>15550100</Number>)"
            "</Dial></Response>");
  EXPECT_NE(plivo::dial_xml("sip:desk@pbx.example").find("<User>sip:desk@pbx.example</User>"),
            std::string::npos);
  EXPECT_NE(plivo::hangup_xml().find("<Hangup/>"), std::string::npos);
}

TEST(VonageNcco, NotifiesTheContinuationAfterTheWebsocket) {
  const auto ncco = boost::json::parse(
      vonage::connect_websocket_ncco("wss://h", 8000, {}, "https://h/answer/vonage/after?call=u"));
  ASSERT_EQ(ncco.as_array().size(), 2u);
  EXPECT_EQ(ncco.at(1), boost::json::parse(R"({"action":"notify","payload":{},)"
                                           R"("eventUrl":["https://h/answer/vonage/after?call=u"],)"
                                           R"("eventMethod":"POST"})"));
  EXPECT_EQ(boost::json::parse(vonage::dial_ncco("+15550100")),
            boost::json::parse(R"([{"action":"connect","endpoint":[)"
                               R"({"type":"phone","number":"15550100"}]}])"));
  EXPECT_EQ(boost::json::parse(vonage::dial_ncco("sip:desk@pbx.example")),
            boost::json::parse(R"([{"action":"connect","endpoint":[)"
                               R"({"type":"sip","uri":"sip:desk@pbx.example"}]}])"));
  EXPECT_EQ(vonage::hangup_ncco(), "[]");
}

}  // namespace
}  // namespace voxgate::telephony
