#include "server/answer_route.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "server/route_codec.hpp"
#include "telephony/exotel/caller_leg_codec.hpp"
#include "telephony/plivo/webhook_signature.hpp"
#include "telephony/twilio/caller_leg_codec.hpp"
#include "telephony/twilio/twiml.hpp"
#include "unit/server/redeem_now.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;

net::HttpRequest request(http::verb method, std::string target, std::string body = "",
                         std::string type = "application/x-www-form-urlencoded") {
  net::HttpRequest req{method, target, 11};
  req.set(http::field::host, "voice.example.com");
  if (!body.empty()) req.set(http::field::content_type, type);
  req.body() = std::move(body);
  return req;
}

// The token in a document: a Parameter's value, else an extraHeaders or
// query value (the query's is percent-encoded: only plain ids here).
std::string token_in(const std::string& doc) {
  std::smatch m;
  if (std::regex_search(doc, m, std::regex(R"re(name="voxgate_stream_token" value="([^"]+)")re")) ||
      std::regex_search(doc, m, std::regex(R"re(voxgate_stream_token=(v1\.[^"&,<]+))re"))) {
    return m[1];
  }
  return {};
}

class AnswerRoute : public ::testing::Test {
 protected:
  AnswerRoute() {
    opts_.stream_tokens = &tokens_;
    opts_.unix_clock = &unix_;
    opts_.on_refused = [this](std::string_view c) { refused_.emplace_back(c); };
  }
  // Redeems the token the document carries for `call_id`.
  bool redeems(const net::HttpResponse& res, const std::string& call_id) {
    const auto token = token_in(res.body());
    return !token.empty() && redeem_now(tokens_, token, call_id).ok();
  }

  common::ManualClock clock_;
  common::ManualClock unix_{common::TimePoint{std::chrono::seconds(1700000000)}};
  bridge::StreamTokens tokens_{{"secret"}, clock_};
  AnswerOptions opts_;
  std::vector<std::string> refused_;
};

TEST_F(AnswerRoute, TelnyxTexmlCarriesATokenForTheCallControlId) {
  auto res = answer_response(
      "telnyx",
      request(http::verb::post, "/answer/telnyx", "CallSid=v3%3Aabc&CallControlId=v3%3Aabc"),
      opts_);
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "text/xml");
  EXPECT_NE(
      res.body().find(
          R"(<Stream url="wss://voice.example.com/media/telnyx?voxgate_stream_token=v1.v3%3Aabc.)"),
      std::string::npos)
      << res.body();
  EXPECT_NE(res.body().find(R"(bidirectionalMode="rtp")"), std::string::npos);
  EXPECT_TRUE(redeems(res, "v3:abc"));
}

TEST_F(AnswerRoute, VonageNccoCarriesUuidAndTokenInHeadersForGetAndJsonPost) {
  auto get = answer_response(
      "vonage", request(http::verb::get, "/answer/vonage?uuid=u-1&conversation_uuid=CON-1"), opts_);
  ASSERT_EQ(get.result(), http::status::ok);
  const auto ncco = boost::json::parse(get.body());
  const auto& endpoint = ncco.at(0).at("endpoint").at(0);
  EXPECT_EQ(endpoint.at("uri").as_string(), "wss://voice.example.com/media/vonage");
  EXPECT_EQ(endpoint.at("headers").at("uuid").as_string(), "u-1");
  EXPECT_TRUE(
      redeem_now(tokens_, endpoint.at("headers").at("voxgate_stream_token").as_string(), "u-1")
          .ok());
  auto post = answer_response(
      "vonage",
      request(http::verb::post, "/answer/vonage", R"({"uuid":"u-2"})", "application/json"), opts_);
  const auto posted = boost::json::parse(post.body()).at(0).at("endpoint").at(0).at("headers");
  EXPECT_TRUE(redeem_now(tokens_, posted.at("voxgate_stream_token").as_string(), "u-2").ok());
}

TEST_F(AnswerRoute, PlivoXmlCarriesTheTokenForTheCallUuid) {
  auto res = answer_response(
      "plivo", request(http::verb::post, "/answer/plivo", "CallUUID=p-1&From=%2B1415"), opts_);
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find(R"(keepCallAlive="true")"), std::string::npos);
  EXPECT_NE(res.body().find("extraHeaders=\"voxgate_stream_token=v1.p-1."), std::string::npos);
  EXPECT_TRUE(redeems(res, "p-1"));
}

TEST_F(AnswerRoute, ExotelAnswersTheStreamUrlWithTheTokenInItsQuery) {
  auto res =
      answer_response("exotel", request(http::verb::get, "/answer/exotel?CallSid=e-1"), opts_);
  ASSERT_EQ(res.result(), http::status::ok);
  const auto url = std::string(boost::json::parse(res.body()).at("url").as_string());
  EXPECT_TRUE(url.starts_with("wss://voice.example.com/media/exotel?voxgate_stream_token=v1.e-1."))
      << url;
  EXPECT_TRUE(redeems(res, "e-1"));
}

TEST_F(AnswerRoute, SignalWireGetsTwimlForItsMediaRoute) {
  auto res = answer_response("signalwire",
                             request(http::verb::post, "/answer/signalwire", "CallSid=CA7"), opts_);
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find(R"(<Stream url="wss://voice.example.com/media/signalwire">)"),
            std::string::npos);
  EXPECT_TRUE(redeems(res, "CA7"));
}

TEST_F(AnswerRoute, WithTokensOnAWebhookThatNamesNoCallIs400) {
  for (auto carrier : answer_carriers()) {
    EXPECT_EQ(answer_response(carrier, request(http::verb::get, "/answer/x"), opts_).result(),
              http::status::bad_request)
        << carrier;
  }
  opts_.stream_tokens = nullptr;
  auto res = answer_response("telnyx", request(http::verb::get, "/answer/telnyx"), opts_);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body().find("voxgate_stream_token"), std::string::npos);
}

TEST_F(AnswerRoute, PlivoSignatureIsCheckedWhenItsTokenIsSetAndRefusalsCounted) {
  opts_.secrets.plivo_auth_token = "plivo-token";
  const std::string body = "CallUUID=p-1";
  auto req = request(http::verb::post, "/answer/plivo", body);
  req.set(telephony::plivo::kNonceHeader, "123");
  EXPECT_EQ(answer_response("plivo", req, opts_).result(), http::status::forbidden);
  const telephony::plivo::SignedRequest signed_req{
      "POST", "https://voice.example.com/answer/plivo", {}, {{"CallUUID", "p-1"}}};
  req.set(telephony::plivo::kSignatureHeader,
          telephony::plivo::signature_v3("plivo-token", signed_req, "123"));
  EXPECT_EQ(answer_response("plivo", req, opts_).result(), http::status::ok);
  EXPECT_EQ(refused_, std::vector<std::string>{"plivo"});
  // Another carrier's check is its own: Telnyx without a key is not checked.
  EXPECT_EQ(answer_response("telnyx", request(http::verb::get, "/answer/telnyx?CallSid=t"), opts_)
                .result(),
            http::status::ok);
}

TEST_F(AnswerRoute, SignalWireSignatureUsesItsOwnHeader) {
  opts_.secrets.signalwire_signing_key = "sw-key";
  auto req = request(http::verb::post, "/answer/signalwire", "CallSid=CA7");
  const auto sig = telephony::twilio::twilio_signature(
      "sw-key", "https://voice.example.com/answer/signalwire", {{"CallSid", "CA7"}});
  req.set("X-Twilio-Signature", sig);
  EXPECT_EQ(answer_response("signalwire", req, opts_).result(), http::status::forbidden);
  req.set("X-SignalWire-Signature", sig);
  EXPECT_EQ(answer_response("signalwire", req, opts_).result(), http::status::ok);
}

TEST_F(AnswerRoute, TelnyxAndVonageRefuseUnsignedRequestsWhenConfigured) {
  opts_.secrets.telnyx_public_key = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  opts_.secrets.vonage_signature_secret = "vonage-secret";
  EXPECT_EQ(
      answer_response("telnyx", request(http::verb::post, "/answer/telnyx", "CallSid=t"), opts_)
          .result(),
      http::status::forbidden);
  EXPECT_EQ(
      answer_response("vonage", request(http::verb::get, "/answer/vonage?uuid=u"), opts_).result(),
      http::status::forbidden);
  EXPECT_EQ(refused_, (std::vector<std::string>{"telnyx", "vonage"}));
}

TEST(RouteCodec, FillsAStartWithoutATokenFromTheUpgradeUrl) {
  auto codec = with_route(telephony::exotel::make_caller_codec(), "exotel",
                          "/media/exotel?voxgate_stream_token=v1.e-1.9.ab%2Bc");
  const auto started = codec->parse(
      R"({"event":"start","stream_sid":"s1","start":{"stream_sid":"s1","call_sid":"e-1"}})");
  ASSERT_TRUE(started.ok());
  const auto* s = std::get_if<telephony::CallerStarted>(&*started);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->stream_token, "v1.e-1.9.ab+c");
}

TEST(RouteCodec, KeepsTheStartsOwnToken) {
  auto codec = with_route(telephony::exotel::make_caller_codec(), "exotel",
                          "/media/exotel?voxgate_stream_token=from-url");
  const auto started = codec->parse(
      R"({"event":"start","stream_sid":"s1","start":{"stream_sid":"s1","call_sid":"e-1",)"
      R"("custom_parameters":{"voxgate_stream_token":"own"}}})");
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(std::get<telephony::CallerStarted>(*started).stream_token, "own");
}

// One codec serves Twilio and SignalWire: the carrier is the route's, and
// the caller's number is the From the TwiML route forwarded.
TEST(RouteCodec, StampsTheRoutesCarrierAndKeepsTheCallersNumber) {
  auto codec =
      with_route(telephony::twilio::make_caller_codec(), "signalwire", "/media/signalwire");
  const auto started = codec->parse(
      R"({"event":"start","streamSid":"MZ1","start":{"streamSid":"MZ1","callSid":"CA1",)"
      R"("customParameters":{"From":"+15550100","To":"+15550199"}}})");
  ASSERT_TRUE(started.ok());
  const auto& s = std::get<telephony::CallerStarted>(*started);
  EXPECT_EQ(s.carrier, "signalwire");
  EXPECT_EQ(s.caller, "+15550100");
  EXPECT_TRUE(s.stream_token.empty());
  const auto media = codec->parse(
      R"({"event":"media","streamSid":"MZ1","media":{"payload":"AAAA","timestamp":"20"}})");
  ASSERT_TRUE(media.ok());
  EXPECT_TRUE(std::holds_alternative<telephony::CallerMedia>(*media));
}

TEST(RouteCodec, ExotelsFromIsTheCallerAndAStartWithoutOneHasNone) {
  auto codec = with_route(telephony::exotel::make_caller_codec(), "exotel", "/media/exotel");
  const auto with_from = codec->parse(
      R"({"event":"start","stream_sid":"s1","start":{"stream_sid":"s1","call_sid":"e-1",)"
      R"("from":"09876543210","to":"08012345678"}})");
  ASSERT_TRUE(with_from.ok());
  EXPECT_EQ(std::get<telephony::CallerStarted>(*with_from).caller, "09876543210");
  auto other = with_route(telephony::exotel::make_caller_codec(), "exotel", "/media/exotel");
  const auto without = other->parse(
      R"({"event":"start","stream_sid":"s1","start":{"stream_sid":"s1","call_sid":"e-1"}})");
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(std::get<telephony::CallerStarted>(*without).caller, "");
  EXPECT_EQ(std::get<telephony::CallerStarted>(*without).carrier, "exotel");
}

}  // namespace
}  // namespace voxgate::server
