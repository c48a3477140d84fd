#include "server/dashboard_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "cluster/in_process_live_call_registry.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr char kToken[] = "op-token";
constexpr char kHost[] = "127.0.0.1:9000";

class LiveControl : public bridge::CallControl {
 public:
  bool hangup(const std::string& id) override {
    hung_up.push_back(id);
    return live.count(id) > 0;
  }
  bool is_live(const std::string& id) const override { return live.count(id) > 0; }
  std::vector<std::string> live_ids() const override { return {live.begin(), live.end()}; }
  std::set<std::string> live;
  std::vector<std::string> hung_up;
};

class DashboardTest : public ::testing::Test {
 protected:
  net::HttpRequest request(http::verb verb, std::string target, std::string body = {}) {
    net::HttpRequest req{verb, target, 11};
    req.set(http::field::host, kHost);
    req.set(http::field::origin, std::string("http://") + kHost);
    req.set(http::field::content_type, "application/json");
    if (!cookie_.empty()) req.set(http::field::cookie, "vg_session=" + cookie_);
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
  }
  // Signs in; returns the CSRF token.
  std::string sign_in(const Dashboard& d) {
    auto res = d.signin(request(http::verb::post, "/dashboard/signin", R"({"token":"op-token"})"));
    EXPECT_EQ(res.result(), http::status::ok);
    const std::string set = std::string(res[http::field::set_cookie]);
    EXPECT_NE(set.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(set.find("Max-Age="), std::string::npos);
    EXPECT_EQ(set.find(kToken), std::string::npos);  // the token never leaves
    cookie_ = set.substr(set.find('=') + 1, set.find(';') - set.find('=') - 1);
    return std::string(json::parse(res.body()).at("csrf").as_string());
  }
  DashboardOptions options(std::string token) {
    return {.api_token = std::move(token), .web_dir = "/nonexistent", .now_ms = [this] {
              return now_;
            }};
  }

  LiveControl control_;
  Api api_{nullptr, control_, kToken};
  std::string cookie_;
  int64_t now_ = 1'000'000;
};

TEST_F(DashboardTest, WithoutATokenTheDashboardIsOffAndSaysSo) {
  Dashboard d(api_, control_, options(""));
  auto res = d.page(request(http::verb::get, "/dashboard/"));
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_NE(res.body().find("dashboard is off"), std::string::npos);
}

TEST_F(DashboardTest, AWrongTokenOrACrossSiteSignInIsRefused) {
  Dashboard d(api_, control_, options(kToken));
  EXPECT_EQ(
      d.signin(request(http::verb::post, "/dashboard/signin", R"({"token":"nope"})")).result(),
      http::status::unauthorized);
  auto cross = request(http::verb::post, "/dashboard/signin", R"({"token":"op-token"})");
  cross.set(http::field::origin, "http://evil.example");
  EXPECT_EQ(d.signin(cross).result(), http::status::forbidden);
  auto form = request(http::verb::post, "/dashboard/signin", "token=op-token");
  form.set(http::field::content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(d.signin(form).result(), http::status::forbidden);
}

TEST_F(DashboardTest, TheCookieOpensTheApiAndPostsNeedTheCsrfToken) {
  Dashboard d(api_, control_, options(kToken));
  EXPECT_EQ(d.api(request(http::verb::get, "/dashboard/api/calls/CA1")).result(),
            http::status::unauthorized);
  const std::string csrf = sign_in(d);
  control_.live.insert("CA1");
  EXPECT_EQ(d.api(request(http::verb::get, "/dashboard/api/calls/CA1")).result(), http::status::ok);
  auto forged = request(http::verb::post, "/dashboard/api/calls/CA1/hangup");
  EXPECT_EQ(d.api(forged).result(), http::status::forbidden);
  forged.set("X-CSRF-Token", csrf);
  forged.set(http::field::origin, "http://evil.example");
  EXPECT_EQ(d.api(forged).result(), http::status::forbidden);
  EXPECT_TRUE(control_.hung_up.empty());
  auto good = request(http::verb::post, "/dashboard/api/calls/CA1/hangup");
  good.set("X-CSRF-Token", csrf);
  EXPECT_EQ(d.api(good).result(), http::status::accepted);
  EXPECT_EQ(control_.hung_up, std::vector<std::string>{"CA1"});
}

// The route is the asynchronous form, as /api's: the live list holds every
// instance's calls from the live-call registry (here the in-process one with
// an entry another instance put, as Redis would hold it), signed in only.
TEST_F(DashboardTest, TheRoutesApiListsEveryInstancesLiveCalls) {
  cluster::InProcessLiveCallRegistry registry;
  registry.put({"CA-on-b", "instance-b", "telnyx", "+15550100", 1700000000000, "talking"}, {});
  Api api(nullptr, control_, kToken);
  api.set_cluster({&registry, nullptr, "instance-a"});
  Dashboard d(api, control_, options(kToken));
  std::optional<net::HttpResponse> answer;
  const auto ask = [&](const net::HttpRequest& req) {
    answer.reset();
    d.api_async(req, [&answer](net::HttpResponse res) { answer = std::move(res); });
    return answer.has_value();
  };
  ASSERT_TRUE(ask(request(http::verb::get, "/dashboard/api/calls?live=1")));
  EXPECT_EQ(answer->result(), http::status::unauthorized);
  sign_in(d);
  ASSERT_TRUE(ask(request(http::verb::get, "/dashboard/api/calls?live=1")));
  ASSERT_EQ(answer->result(), http::status::ok) << answer->body();
  const auto calls = boost::json::parse(answer->body()).at("calls").as_array();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].at("id").as_string(), "CA-on-b");
  EXPECT_EQ(calls[0].at("instance").as_string(), "instance-b");
  EXPECT_EQ(calls[0].at("carrier").as_string(), "telnyx");
}

TEST_F(DashboardTest, TheSessionExpires) {
  Dashboard d(api_, control_, options(kToken));
  sign_in(d);
  EXPECT_EQ(d.session(request(http::verb::get, "/dashboard/session")).result(), http::status::ok);
  now_ += 8 * 3600 * 1000;
  EXPECT_EQ(d.session(request(http::verb::get, "/dashboard/session")).result(),
            http::status::unauthorized);
}

}  // namespace
}  // namespace voxgate::server
