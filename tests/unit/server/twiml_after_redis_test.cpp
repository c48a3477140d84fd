// POST /twiml/after with the transfer book in Redis: the instance Twilio's
// request reaches reads the transfer another instance booked.
#include <gtest/gtest.h>

#include "cluster/redis_transfer_book.hpp"
#include "server/twiml_after_route.hpp"
#include "telephony/twilio/twiml.hpp"
#include "unit/cluster/redis_fixture.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
using cluster::test::await;
using TwimlAfterRedisTest = cluster::test::RedisTest;

net::HttpResponse after(cluster::TransferBook& book, const std::string& body) {
  net::HttpRequest req{http::verb::post, "/twiml/after", 11};
  req.set(http::field::host, "voice.example.com");
  req.body() = body;
  const TwimlOptions opts{"voice.example.com", false, "", true};
  auto res = await<net::HttpResponse>([&](auto cb) {
    twiml_after_async(req, opts, book, [cb](net::HttpResponse r) { cb(std::move(r)); });
  });
  EXPECT_TRUE(res && res->ok());
  return res && res->ok() ? res->value() : net::HttpResponse{};
}

TEST_F(TwimlAfterRedisTest, AnotherInstanceDialsTheTransferTarget) {
  auto wa = worker();
  auto wb = worker();
  cluster::RedisTransferBook on_a(*wa, prefix_), on_b(*wb, prefix_);
  auto added = await<bool>([&](auto cb) { on_a.add("CA1", "+15550100", cb); });
  ASSERT_TRUE(added && added->ok());
  const auto dial = after(on_b, "CallSid=CA1&CallStatus=in-progress");
  EXPECT_EQ(dial.result(), http::status::ok);
  EXPECT_EQ(dial.body(), telephony::twilio::dial_twiml("+15550100"));
  EXPECT_EQ(after(on_b, "CallSid=CA2").body(), telephony::twilio::hangup_twiml());
}

TEST_F(TwimlAfterRedisTest, ABookThatCannotAnswerHangsUp) {
  auto w = worker();
  cluster::RedisTransferBook book(*w, prefix_);
  w->stop();  // every lookup fails at once, as with Redis down
  const auto res = after(book, "CallSid=CA1");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), telephony::twilio::hangup_twiml());
}

}  // namespace
}  // namespace voxgate::server
