#include "server/csrf_check.hpp"

#include <gtest/gtest.h>

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;

net::HttpRequest post(std::string origin) {
  net::HttpRequest req{http::verb::post, "/dashboard/api/calls/CA1/hangup", 11};
  req.set(http::field::host, "127.0.0.1:8080");
  if (!origin.empty()) req.set(http::field::origin, origin);
  return req;
}

TEST(CsrfCheckTest, SameOriginOnlyForThisHost) {
  EXPECT_TRUE(same_origin(post("http://127.0.0.1:8080")));
  EXPECT_TRUE(same_origin(post("https://127.0.0.1:8080")));
  EXPECT_TRUE(same_origin(post("")));  // not a browser page of another site
  EXPECT_FALSE(same_origin(post("http://evil.example")));
  EXPECT_FALSE(same_origin(post("http://127.0.0.1:8081")));
  EXPECT_FALSE(same_origin(post("null")));
}

TEST(CsrfCheckTest, CrossSiteFetchMetadataIsRefused) {
  auto req = post("");
  req.set("Sec-Fetch-Site", "cross-site");
  EXPECT_FALSE(same_origin(req));
  req.set("Sec-Fetch-Site", "same-origin");
  EXPECT_TRUE(same_origin(req));
}

TEST(CsrfCheckTest, TheTokenHeaderMustMatch) {
  auto req = post("http://127.0.0.1:8080");
  EXPECT_FALSE(csrf_ok(req, "tok"));  // no header
  req.set("X-CSRF-Token", "other");
  EXPECT_FALSE(csrf_ok(req, "tok"));
  req.set("X-CSRF-Token", "tok");
  EXPECT_TRUE(csrf_ok(req, "tok"));
  EXPECT_FALSE(csrf_ok(req, ""));  // no session, no token
  req.set(http::field::origin, "http://evil.example");
  EXPECT_FALSE(csrf_ok(req, "tok"));
}

}  // namespace
}  // namespace voxgate::server
