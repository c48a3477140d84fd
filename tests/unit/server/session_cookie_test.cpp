#include "server/session_cookie.hpp"

#include <gtest/gtest.h>

namespace voxgate::server {
namespace {

const std::string kKey = session_key("op-token");

TEST(SessionCookieTest, AValidSessionIsAcceptedUntilItExpires) {
  const std::string v = issue_session(kKey, 10'000);
  EXPECT_TRUE(session_valid(kKey, v, 9'999));
  EXPECT_FALSE(session_valid(kKey, v, 10'000));
  EXPECT_FALSE(session_valid(kKey, v, 50'000));
}

TEST(SessionCookieTest, ATamperedValueOrAnotherKeyIsRefused) {
  const std::string v = issue_session(kKey, 10'000, "abcd");
  EXPECT_TRUE(session_valid(kKey, v, 0));
  std::string later = v;
  later.replace(0, 5, "99999");  // a longer life, same signature
  EXPECT_FALSE(session_valid(kKey, later, 0));
  std::string flipped = v;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_FALSE(session_valid(kKey, flipped, 0));
  EXPECT_FALSE(session_valid(session_key("new-token"), v, 0));
}

TEST(SessionCookieTest, MalformedValuesAreRefused) {
  for (const char* bad :
       {"", ".", "..", "10000", "10000.abcd", "x.abcd.00", "10000..", "-5.n.00"}) {
    EXPECT_FALSE(session_valid(kKey, bad, 0)) << bad;
  }
}

TEST(SessionCookieTest, TheKeyIsNotTheTokenAndNoncesDiffer) {
  EXPECT_NE(kKey, "op-token");
  EXPECT_EQ(kKey.size(), 32u);
  EXPECT_NE(issue_session(kKey, 1), issue_session(kKey, 1));
}

TEST(SessionCookieTest, CsrfTokenIsBoundToTheSession) {
  const std::string a = issue_session(kKey, 10'000, "aa");
  const std::string b = issue_session(kKey, 10'000, "bb");
  EXPECT_EQ(csrf_token(kKey, a), csrf_token(kKey, a));
  EXPECT_NE(csrf_token(kKey, a), csrf_token(kKey, b));
  EXPECT_EQ(csrf_token(kKey, a).size(), 64u);
}

TEST(SessionCookieTest, CookieValueFindsTheNamedCookie) {
  EXPECT_EQ(cookie_value("a=1; vg_session=xyz; b=2", "vg_session"), "xyz");
  EXPECT_EQ(cookie_value("vg_session=", "vg_session"), "");
  EXPECT_EQ(cookie_value("xvg_session=1", "vg_session"), std::nullopt);
  EXPECT_EQ(cookie_value("", "vg_session"), std::nullopt);
}

}  // namespace
}  // namespace voxgate::server
