#include "bridge/stream_token.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "server/twiml_route.hpp"
#include "unit/server/redeem_now.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
using std::chrono::milliseconds;

constexpr char kSecret[] = "stream-secret";

// The documented algorithm, computed here independently of the code under test.
std::string expected_token(const std::string& call_sid, int64_t expiry_ms,
                           const std::string& secret = kSecret) {
  const std::string msg = call_sid + "." + std::to_string(expiry_ms);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), mac, &len);
  std::string hex;
  char buf[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", mac[i]);
    hex += buf;
  }
  return "v1." + call_sid + "." + std::to_string(expiry_ms) + "." + hex;
}

int64_t ms_of(const common::ManualClock& c) {
  return std::chrono::duration_cast<milliseconds>(c.now().time_since_epoch()).count();
}

class StreamTokenTest : public ::testing::Test {
 protected:
  common::ManualClock clock_;
  bridge::StreamTokens tokens_{{kSecret, milliseconds(60000), 100000}, clock_};
};

TEST_F(StreamTokenTest, IssuesTheDocumentedFormat) {
  EXPECT_EQ(tokens_.issue("CA1"), expected_token("CA1", ms_of(clock_) + 60000));
}

TEST_F(StreamTokenTest, GoodTokenIsAcceptedOnce) {
  const auto token = expected_token("CA1", ms_of(clock_) + 60000);
  EXPECT_TRUE(redeem_now(tokens_, token, "CA1").ok());
  auto again = redeem_now(tokens_, token, "CA1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), bridge::StreamTokenError::kReplayed);
}

TEST_F(StreamTokenTest, RefusesMissingMalformedWrongCallBadMacAndExpired) {
  const int64_t exp = ms_of(clock_) + 60000;
  auto err = [&](std::string_view token, std::string_view sid) {
    auto r = redeem_now(tokens_, token, sid);
    return r.ok() ? std::string("ok") : std::string(to_string(r.error()));
  };
  EXPECT_EQ(err("", "CA1"), "missing");
  EXPECT_EQ(err("garbage", "CA1"), "malformed");
  EXPECT_EQ(err("v2.CA1.1.ab", "CA1"), "malformed");
  EXPECT_EQ(err("v1.CA1.12x.ab", "CA1"), "malformed");
  EXPECT_EQ(err(expected_token("CA1", exp), "CA2"), "wrong_call");
  EXPECT_EQ(err(expected_token("CA1", exp, "other-secret"), "CA1"), "bad_mac");
  // A later expiry with the old MAC: the expiry is bound too.
  auto forged = expected_token("CA1", exp);
  forged.replace(forged.find(std::to_string(exp)), std::to_string(exp).size(),
                 std::to_string(exp + 100000));
  EXPECT_EQ(err(forged, "CA1"), "bad_mac");
  const auto token = tokens_.issue("CA1");
  clock_.advance(milliseconds(60000));
  EXPECT_EQ(err(token, "CA1"), "expired");
}

TEST_F(StreamTokenTest, StillGoodJustBeforeExpiry) {
  const auto token = tokens_.issue("CA1");
  clock_.advance(milliseconds(59999));
  EXPECT_TRUE(redeem_now(tokens_, token, "CA1").ok());
}

TEST_F(StreamTokenTest, UsedTokensAreForgottenOnceExpired) {
  EXPECT_TRUE(redeem_now(tokens_, tokens_.issue("CA1"), "CA1").ok());
  EXPECT_TRUE(redeem_now(tokens_, tokens_.issue("CA2"), "CA2").ok());
  EXPECT_EQ(tokens_.remembered(), 2u);
  clock_.advance(milliseconds(60000));
  EXPECT_TRUE(redeem_now(tokens_, tokens_.issue("CA3"), "CA3").ok());
  EXPECT_EQ(tokens_.remembered(), 1u);
}

TEST(StreamTokenBound, ReplaySetIsBounded) {
  common::ManualClock clock;
  bridge::StreamTokens tokens({kSecret, milliseconds(60000), 3}, clock);
  for (int i = 0; i < 10; ++i) {
    const std::string sid = "CA" + std::to_string(i);
    EXPECT_TRUE(redeem_now(tokens, tokens.issue(sid), sid).ok());
    clock.advance(milliseconds(1));
  }
  EXPECT_EQ(tokens.remembered(), 3u);
}

// Two instances sharing one replay set (Redis in production): a token
// redeemed on one is a replay on the other.
TEST(StreamTokenShared, ATokenRedeemedOnOneInstanceIsRefusedOnAnother) {
  common::ManualClock clock;
  cluster::InProcessReplaySet shared(clock);
  bridge::StreamTokens a({kSecret}, clock, shared), b({kSecret}, clock, shared);
  const auto token = a.issue("CA1");
  EXPECT_TRUE(redeem_now(a, token, "CA1").ok());
  auto again = redeem_now(b, token, "CA1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error(), bridge::StreamTokenError::kReplayed);
}

// A shared replay set that cannot answer (Redis down).
class DownReplaySet final : public cluster::ReplaySet {
 public:
  void mark_once(const std::string&, int64_t, cluster::ClusterCallback<bool> done) override {
    done(common::unexpected(std::string("redis unavailable: connection refused")));
  }
};

TEST(StreamTokenShared, WhileTheReplaySetIsDownTokensAreRefusedByDefault) {
  common::ManualClock clock;
  DownReplaySet down;
  bridge::StreamTokens tokens({kSecret}, clock, down);
  auto r = redeem_now(tokens, tokens.issue("CA1"), "CA1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), bridge::StreamTokenError::kReplayUnknown);
  EXPECT_EQ(to_string(r.error()), "replay_unknown");
}

TEST(StreamTokenShared, AllowWhenDownStillChecksTheMacAndExpiry) {
  common::ManualClock clock;
  DownReplaySet down;
  bridge::StreamTokenOptions o{kSecret};
  o.allow_when_replay_unknown = true;
  bridge::StreamTokens tokens(o, clock, down);
  EXPECT_TRUE(redeem_now(tokens, tokens.issue("CA1"), "CA1").ok());
  auto forged = redeem_now(tokens, expected_token("CA1", ms_of(clock) + 1000, "x"), "CA1");
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error(), bridge::StreamTokenError::kBadMac);
}

TEST(StreamTokenSecret, DerivedFromTheAuthTokenButNotEqualToIt) {
  const auto a = bridge::derive_stream_token_secret("auth-1");
  EXPECT_EQ(a, bridge::derive_stream_token_secret("auth-1"));
  EXPECT_NE(a, bridge::derive_stream_token_secret("auth-2"));
  EXPECT_EQ(a.find("auth-1"), std::string::npos);
  EXPECT_EQ(a.size(), 64u);
}

TEST(StreamTokenTwiml, WebhookAnswerCarriesATokenForItsCallSid) {
  common::ManualClock clock;
  bridge::StreamTokens tokens({kSecret, milliseconds(60000), 100}, clock);
  net::HttpRequest req{http::verb::post, "/twiml", 11};
  req.set(http::field::host, "voice.example.com");
  req.body() = "CallSid=CA77&From=%2B1555";
  TwimlOptions opts;
  opts.stream_tokens = &tokens;
  const auto res = twiml_response(req, opts);
  ASSERT_EQ(res.result(), http::status::ok);
  const std::string param = R"(<Parameter name="voxgate_stream_token" value=")" +
                            expected_token("CA77", ms_of(clock) + 60000) + R"("/>)";
  EXPECT_NE(res.body().find(param), std::string::npos) << res.body();
  // Without tokens the TwiML has none.
  EXPECT_EQ(twiml_response(req, TwimlOptions{}).body().find("voxgate_stream_token"),
            std::string::npos);
}

}  // namespace
}  // namespace voxgate::server
