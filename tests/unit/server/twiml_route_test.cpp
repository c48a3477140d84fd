#include "server/twiml_route.hpp"

#include <gtest/gtest.h>

#include "telephony/twilio/twiml.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
using telephony::twilio::twilio_signature;

constexpr char kToken[] = "auth-token-123";
constexpr char kBody[] = "CallSid=CA1&From=%2B15551234567&CallerName=Ann+Lee";
const std::vector<std::pair<std::string, std::string>> kParams{
    {"CallSid", "CA1"}, {"From", "+15551234567"}, {"CallerName", "Ann Lee"}};

net::HttpRequest webhook(std::string host, std::string target = "/twiml?tenant=a") {
  net::HttpRequest req{http::verb::post, target, 11};
  req.set(http::field::host, host);
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = kBody;
  return req;
}

TwimlOptions validating(std::string public_host = "") {
  return TwimlOptions{std::move(public_host), true, kToken};
}

TEST(TwimlRoute, StreamUrlFromHostHeader) {
  EXPECT_EQ(media_stream_url("", "abc.ngrok.io"), "wss://abc.ngrok.io/media");
  EXPECT_EQ(media_stream_url("", "localhost:8080"), "ws://localhost:8080/media");
  EXPECT_EQ(media_stream_url("", "127.0.0.1:9"), "ws://127.0.0.1:9/media");
  EXPECT_EQ(media_stream_url("", "[::1]:8080"), "ws://[::1]:8080/media");
  EXPECT_EQ(media_stream_url("", "10.0.0.5:8080"), "wss://10.0.0.5:8080/media");
  EXPECT_EQ(media_stream_url("pub.example:8443", "localhost"), "wss://pub.example:8443/media");
}

TEST(TwimlRoute, ForwardsKnownFieldsSortedAndEscaped) {
  auto req = webhook("voice.example.com");
  req.body() = "To=%3Cx%3E&CallSid=CA1&CallerName=Ann+Lee&AccountSid=AC9";
  auto res = twiml_response(req, TwimlOptions{});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "text/xml");
  EXPECT_EQ(res.body(), R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect>)"
                        R"(<Stream url="wss://voice.example.com/media">)"
                        R"(<Parameter name="AccountSid" value="AC9"/>)"
                        R"(<Parameter name="CallSid" value="CA1"/>)"
                        R"(<Parameter name="To" value="&lt;x&gt;"/>)"
                        "</Stream></Connect></Response>");
}

TEST(TwimlRoute, MalformedBodyIs400) {
  auto req = webhook("voice.example.com");
  req.body() = "CallSid=%zz";
  EXPECT_EQ(twiml_response(req, TwimlOptions{}).result(), http::status::bad_request);
}

TEST(TwimlRoute, SignedUrlCandidates) {
  EXPECT_EQ(signed_url_candidates(webhook("h.example"), ""),
            std::vector<std::string>{"https://h.example/twiml?tenant=a"});
  EXPECT_EQ(signed_url_candidates(webhook("localhost:8080"), "pub.example"),
            std::vector<std::string>{"https://pub.example/twiml?tenant=a"});
  EXPECT_EQ(signed_url_candidates(webhook("127.0.0.1:8080"), ""),
            (std::vector<std::string>{"https://127.0.0.1:8080/twiml?tenant=a",
                                      "http://127.0.0.1:8080/twiml?tenant=a"}));
}

TEST(TwimlRoute, ValidSignatureOverHostHeaderUrlIsAccepted) {
  auto req = webhook("voice.example.com");
  req.set("X-Twilio-Signature",
          twilio_signature(kToken, "https://voice.example.com/twiml?tenant=a", kParams));
  auto res = twiml_response(req, validating());
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_NE(res.body().find(R"(<Parameter name="CallSid" value="CA1"/>)"), std::string::npos);
}

TEST(TwimlRoute, ValidSignatureOverPublicHostUrlIsAccepted) {
  auto req = webhook("10.0.0.5:8080");  // behind a proxy: Host is the inner address
  req.set("X-Twilio-Signature",
          twilio_signature(kToken, "https://pub.example/twiml?tenant=a", kParams));
  EXPECT_EQ(twiml_response(req, validating("pub.example")).result(), http::status::ok);
}

TEST(TwimlRoute, PlainHttpSignatureAcceptedOnlyForLoopback) {
  auto local = webhook("127.0.0.1:8080");
  local.set("X-Twilio-Signature",
            twilio_signature(kToken, "http://127.0.0.1:8080/twiml?tenant=a", kParams));
  EXPECT_EQ(twiml_response(local, validating()).result(), http::status::ok);

  auto remote = webhook("voice.example.com");
  remote.set("X-Twilio-Signature",
             twilio_signature(kToken, "http://voice.example.com/twiml?tenant=a", kParams));
  EXPECT_EQ(twiml_response(remote, validating()).result(), http::status::forbidden);
}

TEST(TwimlRoute, MissingOrWrongSignatureIs403WithoutEchoingSecrets) {
  const std::string good =
      twilio_signature(kToken, "https://voice.example.com/twiml?tenant=a", kParams);
  auto missing = webhook("voice.example.com");
  auto res = twiml_response(missing, validating());
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(res.body(), R"({"error":"invalid webhook signature"})");

  auto wrong_token = webhook("voice.example.com");
  wrong_token.set("X-Twilio-Signature",
                  twilio_signature("other", "https://voice.example.com/twiml?tenant=a", kParams));
  res = twiml_response(wrong_token, validating());
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(res.body().find(kToken), std::string::npos);

  auto tampered = webhook("voice.example.com");
  tampered.body() = "CallSid=CA2&From=%2B15551234567&CallerName=Ann+Lee";
  tampered.set("X-Twilio-Signature", good);
  res = twiml_response(tampered, validating());
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(res.body().find(good), std::string::npos);

  auto other_path = webhook("voice.example.com", "/twiml");
  other_path.set("X-Twilio-Signature", good);
  EXPECT_EQ(twiml_response(other_path, validating()).result(), http::status::forbidden);
}

// SignalWire's LaML webhooks come to the same /twiml, signed with Twilio's
// algorithm under X-SignalWire-Signature with the project's signing key.
TEST(TwimlRoute, SignalWireSignatureIsCheckedWithItsOwnKey) {
  constexpr char kKey[] = "PSK_signing_key";
  const std::string url = "https://voice.example.com/twiml?tenant=a";
  TwimlOptions sw;
  sw.signalwire_signing_key = kKey;

  auto signed_req = webhook("voice.example.com");
  signed_req.set("X-SignalWire-Signature", twilio_signature(kKey, url, kParams));
  EXPECT_EQ(twiml_response(signed_req, sw).result(), http::status::ok);

  // With only SignalWire's key, leaving the header out is no way around it.
  EXPECT_EQ(twiml_response(webhook("voice.example.com"), sw).result(), http::status::forbidden);
  auto wrong = webhook("voice.example.com");
  wrong.set("X-SignalWire-Signature", twilio_signature("other", url, kParams));
  EXPECT_EQ(twiml_response(wrong, sw).result(), http::status::forbidden);
  // A Twilio signature made with SignalWire's key is not SignalWire's header.
  auto twilio_header = webhook("voice.example.com");
  twilio_header.set("X-Twilio-Signature", twilio_signature(kKey, url, kParams));
  EXPECT_EQ(twiml_response(twilio_header, sw).result(), http::status::forbidden);

  // Both carriers configured: either carrier's valid signature passes.
  auto both = validating();
  both.signalwire_signing_key = kKey;
  EXPECT_EQ(twiml_response(signed_req, both).result(), http::status::ok);
  auto twilio_req = webhook("voice.example.com");
  twilio_req.set("X-Twilio-Signature", twilio_signature(kToken, url, kParams));
  EXPECT_EQ(twiml_response(twilio_req, both).result(), http::status::ok);
  EXPECT_EQ(twiml_response(webhook("voice.example.com"), both).result(), http::status::forbidden);
}

TEST(TwimlRoute, UnsignedRequestPassesWhenValidationIsOff) {
  EXPECT_EQ(twiml_response(webhook("voice.example.com"), TwimlOptions{}).result(),
            http::status::ok);
}

}  // namespace
}  // namespace voxgate::server
