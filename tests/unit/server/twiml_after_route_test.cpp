// POST /twiml/after and <Connect action> (transfer_call, docs/tools.md).
#include "server/twiml_after_route.hpp"

#include <gtest/gtest.h>

#include "telephony/twilio/twiml.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;

net::HttpRequest after(std::string body) {
  net::HttpRequest req{http::verb::post, "/twiml/after", 11};
  req.set(http::field::host, "voice.example.com");
  req.body() = std::move(body);
  return req;
}

TEST(TwimlAfter, DialForTransferredCallHangupOtherwise) {
  common::ManualClock clock;
  cluster::InProcessTransferBook book(clock);
  book.add("CA1", "+15550100");
  book.add("CA2", "sip:desk@pbx.example");
  TwimlOptions opts;
  auto r1 = twiml_after_response(after("CallSid=CA1&CallStatus=in-progress"), opts, book);
  EXPECT_EQ(r1.result(), http::status::ok);
  EXPECT_NE(r1.body().find("<Dial><Number>+15550100</Number></Dial>"), std::string::npos);
  auto r2 = twiml_after_response(after("CallSid=CA2"), opts, book);
  EXPECT_NE(r2.body().find("<Dial><Sip>sip:desk@pbx.example</Sip></Dial>"), std::string::npos);
  auto r3 = twiml_after_response(after("CallSid=CA9"), opts, book);
  EXPECT_NE(r3.body().find("<Hangup/>"), std::string::npos);
  EXPECT_EQ(r3.body().find("Dial"), std::string::npos);
}

TEST(TwimlAfter, SignatureCheckedWhenOn) {
  common::ManualClock clock;
  cluster::InProcessTransferBook book(clock);
  book.add("CA1", "+15550100");
  TwimlOptions opts{"", true, "tok", true};
  auto unsigned_req = after("CallSid=CA1");
  EXPECT_EQ(twiml_after_response(unsigned_req, opts, book).result(), http::status::forbidden);
  auto signed_req = after("CallSid=CA1");
  signed_req.set("X-Twilio-Signature",
                 telephony::twilio::twilio_signature("tok", "https://voice.example.com/twiml/after",
                                                     {{"CallSid", "CA1"}}));
  auto ok = twiml_after_response(signed_req, opts, book);
  EXPECT_EQ(ok.result(), http::status::ok);
  EXPECT_NE(ok.body().find("<Dial>"), std::string::npos);
}

TEST(TwimlAfter, ConnectActionOnlyWhenEnabled) {
  net::HttpRequest req{http::verb::post, "/twiml", 11};
  req.set(http::field::host, "voice.example.com");
  req.body() = "CallSid=CA1";
  TwimlOptions off;
  EXPECT_EQ(twiml_response(req, off).body().find("action="), std::string::npos);
  TwimlOptions on;
  on.connect_action = true;
  EXPECT_NE(twiml_response(req, on).body().find(
                R"(<Connect action="https://voice.example.com/twiml/after"><Stream)"),
            std::string::npos);
  EXPECT_EQ(after_stream_url("", "127.0.0.1:8080"), "http://127.0.0.1:8080/twiml/after");
}

}  // namespace
}  // namespace voxgate::server
