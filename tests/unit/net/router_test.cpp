#include "net/router.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/field.hpp>
#include <stdexcept>

namespace voxgate::net {
namespace {

// A handler that answers with its own name, so a test sees who was chosen.
HttpHandler named(std::string name) {
  return [name](const HttpRequest& req) { return Router::json(req, http::status::ok, name); };
}

HttpResponse call(const Router& r, http::verb method, std::string target) {
  return r.route(HttpRequest{method, target, 11});
}

TEST(Router, ExactRouteAndUnknownPath) {
  Router r;
  r.add(http::verb::get, "/a", named("a"));
  EXPECT_EQ(call(r, http::verb::get, "/a?x=1").body(), "a");
  auto res = call(r, http::verb::get, "/b");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "application/json");
}

TEST(Router, LongestPrefixForTheMethodWins) {
  Router r;
  r.add_prefix(http::verb::get, "/api/", named("api"));
  r.add_prefix(http::verb::get, "/api/calls/", named("calls"));
  r.add_prefix(http::verb::post, "/api/calls/x/", named("post-x"));
  EXPECT_EQ(call(r, http::verb::get, "/api/calls/x/y").body(), "calls");
  EXPECT_EQ(call(r, http::verb::get, "/api/other").body(), "api");
  EXPECT_EQ(call(r, http::verb::post, "/api/calls/x/hangup").body(), "post-x");
  EXPECT_EQ(call(r, http::verb::get, "/ap").result(), http::status::not_found);
}

TEST(Router, ExactRouteBeatsPrefix) {
  Router r;
  r.add_prefix(http::verb::get, "/api/", named("prefix"));
  r.add(http::verb::get, "/api/health", named("exact"));
  EXPECT_EQ(call(r, http::verb::get, "/api/health").body(), "exact");
  EXPECT_EQ(call(r, http::verb::get, "/api/healthz").body(), "prefix");
}

TEST(Router, PrefixServesAMethodTheExactPathLacks) {
  Router r;
  r.add(http::verb::get, "/api/x", named("exact"));
  r.add_prefix(http::verb::post, "/api/", named("prefix"));
  EXPECT_EQ(call(r, http::verb::post, "/api/x").body(), "prefix");
}

TEST(Router, PrefixOfOtherMethodsOnlyIs405WithAllow) {
  Router r;
  r.add_prefix(http::verb::get, "/api/", named("g"));
  r.add_prefix(http::verb::post, "/api/calls/", named("p"));
  r.add(http::verb::put, "/api/calls/1", named("put"));
  auto res = call(r, http::verb::delete_, "/api/calls/1");
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET, POST, PUT");
  res = call(r, http::verb::delete_, "/api/other");
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "GET");
}

TEST(Router, ExactPathOtherMethodIs405) {
  Router r;
  r.add(http::verb::post, "/twiml", named("t"));
  auto res = call(r, http::verb::get, "/twiml");
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
  EXPECT_EQ(res[http::field::allow], "POST");
}

TEST(Router, WebSocketPathWithoutUpgradeIs426) {
  Router r;
  r.add_websocket("/media", [](std::shared_ptr<WsConnection>, const HttpRequest&) {});
  EXPECT_EQ(call(r, http::verb::get, "/media").result(), http::status::upgrade_required);
}

TEST(Router, HandlerExceptionBecomes500) {
  Router r;
  r.add_prefix(http::verb::get, "/x",
               [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
  EXPECT_EQ(call(r, http::verb::get, "/xy").result(), http::status::internal_server_error);
}

TEST(Router, FormParamsDecodeInOrder) {
  auto p = Router::form_params("b=2&a=x+y&c=%2B1&flag&e=");
  ASSERT_TRUE(p);
  const std::vector<std::pair<std::string, std::string>> want{
      {"b", "2"}, {"a", "x y"}, {"c", "+1"}, {"flag", ""}, {"e", ""}};
  EXPECT_EQ(*p, want);
  EXPECT_TRUE(Router::form_params("")->empty());
  EXPECT_FALSE(Router::form_params("a=%zz"));
  EXPECT_FALSE(Router::form_params("a=%4"));
}

TEST(Router, FormParamsStopAtTheEndOfAView) {
  // A query inside a longer buffer, as in a request line (Boost.URL 1.81
  // reads past the view otherwise).
  const std::string line = "limit=2&offset=2 HTTP/1.1";
  auto p = Router::form_params(std::string_view(line).substr(0, 16));
  ASSERT_TRUE(p);
  const std::vector<std::pair<std::string, std::string>> want{{"limit", "2"}, {"offset", "2"}};
  EXPECT_EQ(*p, want);
}

}  // namespace
}  // namespace voxgate::net
