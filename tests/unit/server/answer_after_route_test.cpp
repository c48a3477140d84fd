// /answer/<carrier>/after: where a call goes once its stream has ended. The
// answer points the carrier there when transfers are on; it dials the target
// the transfer booked for that call, else hangs up, in the carrier's own
// document, with the carrier's signature checked as for the answer.

#include <gtest/gtest.h>

#include "server/answer_route.hpp"
#include "telephony/plivo/webhook_signature.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;

net::HttpRequest request(std::string target, std::string body = "") {
  net::HttpRequest req{http::verb::post, target, 11};
  req.set(http::field::host, "voice.example.com");
  req.set(http::field::content_type, "application/x-www-form-urlencoded");
  req.body() = std::move(body);
  return req;
}

class AnswerAfterRoute : public ::testing::Test {
 protected:
  AnswerAfterRoute() {
    opts_.continuation = true;
    book_.add("v3:abc", "+15550100");
    book_.add("u-1", "sip:desk@pbx");
  }
  net::HttpResponse after(std::string_view carrier, const net::HttpRequest& req) {
    return answer_after_response(carrier, req, opts_, book_);
  }
  common::ManualClock clock_;
  cluster::InProcessTransferBook book_{clock_};
  AnswerOptions opts_;
};

TEST_F(AnswerAfterRoute, AnswersPointThereWhenTransfersAreOn) {
  auto telnyx =
      answer_response("telnyx", request("/answer/telnyx", "CallControlId=v3%3Aabc"), opts_);
  EXPECT_NE(telnyx.body().find(R"(<Redirect method="POST">https://voice.example.com/answer/)"
                               R"(telnyx/after?call=v3%3Aabc</Redirect>)"),
            std::string::npos)
      << telnyx.body();
  auto plivo = answer_response("plivo", request("/answer/plivo", "CallUUID=p-1"), opts_);
  EXPECT_NE(plivo.body().find("<Redirect>https://voice.example.com/answer/plivo/after?call=p-1"),
            std::string::npos);
  auto vonage = answer_response("vonage", request("/answer/vonage?uuid=u-1"), opts_);
  EXPECT_NE(vonage.body().find(R"("eventUrl":["https://voice.example.com/answer/vonage/after?)"
                               R"(call=u-1"])"),
            std::string::npos);
  auto signalwire =
      answer_response("signalwire", request("/answer/signalwire", "CallSid=CA1"), opts_);
  EXPECT_NE(signalwire.body().find(R"(action="https://voice.example.com/twiml/after")"),
            std::string::npos)
      << signalwire.body();
  opts_.continuation = false;
  auto off = answer_response("telnyx", request("/answer/telnyx", "CallControlId=x"), opts_);
  EXPECT_EQ(off.body().find("Redirect"), std::string::npos);
}

TEST_F(AnswerAfterRoute, DialsTheBookedTargetInTheCarriersDocument) {
  auto telnyx = after("telnyx", request("/answer/telnyx/after?call=v3%3Aabc"));
  ASSERT_EQ(telnyx.result(), http::status::ok);
  EXPECT_EQ(telnyx[http::field::content_type], "text/xml");
  EXPECT_NE(telnyx.body().find("<Dial><Number>+15550100</Number></Dial>"), std::string::npos);
  auto vonage = after("vonage", request("/answer/vonage/after?call=u-1"));
  EXPECT_EQ(vonage[http::field::content_type], "application/json");
  EXPECT_NE(vonage.body().find(R"("uri":"sip:desk@pbx")"), std::string::npos) << vonage.body();
  // Without the query's id, the webhook's own (Plivo's CallUUID).
  book_.add("p-9", "+4420700");
  auto plivo = after("plivo", request("/answer/plivo/after", "CallUUID=p-9"));
  EXPECT_NE(plivo.body().find("<Number>4420700</Number>"), std::string::npos) << plivo.body();
}

TEST_F(AnswerAfterRoute, HangsUpACallWithNoTransfer) {
  EXPECT_NE(after("telnyx", request("/answer/telnyx/after?call=other")).body().find("<Hangup/>"),
            std::string::npos);
  EXPECT_EQ(after("vonage", request("/answer/vonage/after")).body(), "[]");
  EXPECT_NE(after("plivo", request("/answer/plivo/after?call=nobody")).body().find("<Hangup/>"),
            std::string::npos);
}

TEST_F(AnswerAfterRoute, TheCarriersSignatureIsCheckedAsForTheAnswer) {
  opts_.secrets.plivo_auth_token = "plivo-token";
  auto req = request("/answer/plivo/after?call=p-1", "CallUUID=p-1");
  req.set(telephony::plivo::kNonceHeader, "7");
  EXPECT_EQ(after("plivo", req).result(), http::status::forbidden);
  const telephony::plivo::SignedRequest signed_req{"POST",
                                                   "https://voice.example.com/answer/plivo/after",
                                                   {{"call", "p-1"}},
                                                   {{"CallUUID", "p-1"}}};
  req.set(telephony::plivo::kSignatureHeader,
          telephony::plivo::signature_v3("plivo-token", signed_req, "7"));
  EXPECT_EQ(after("plivo", req).result(), http::status::ok);
}

}  // namespace
}  // namespace voxgate::server
