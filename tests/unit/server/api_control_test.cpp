// Call-control API (docs/tools.md): POST /api/calls/{id}/say and /transfer.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "server/api.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;

class ControlFake : public bridge::CallControl {
 public:
  bool hangup(const std::string&) override { return false; }
  bool is_live(const std::string& id) const override { return live.count(id) > 0; }
  std::vector<std::string> live_ids() const override { return {live.begin(), live.end()}; }
  bridge::ControlResult say(const std::string& id, const std::string& text) override {
    if (!live.count(id)) return bridge::ControlResult::kNotFound;
    said.push_back(text);
    return bridge::ControlResult::kAccepted;
  }
  bridge::ControlResult transfer(const std::string& id, const std::string& target) override {
    if (!live.count(id)) return bridge::ControlResult::kNotFound;
    if (!transferred.empty()) return bridge::ControlResult::kConflict;
    transferred.push_back(target);
    return bridge::ControlResult::kAccepted;
  }
  std::set<std::string> live{"CA1"};
  std::vector<std::string> said, transferred;
};

class ApiControlTest : public ::testing::Test {
 protected:
  ApiControlTest() : api_(nullptr, control_, "tok") {
    api_.set_transfer_allow({"+15550100"});
    api_.install(router_);
  }
  net::HttpResponse post(std::string target, std::string body, bool auth = true) {
    net::HttpRequest req{http::verb::post, target, 11};
    if (auth) req.set(http::field::authorization, "Bearer tok");
    req.body() = std::move(body);
    return router_.route(req);
  }
  ControlFake control_;
  Api api_;
  net::Router router_;
};

TEST_F(ApiControlTest, SayAcceptedForLiveCall) {
  auto r = post("/api/calls/CA1/say", R"({"text":"Your order shipped."})");
  EXPECT_EQ(r.result(), http::status::accepted) << r.body();
  EXPECT_EQ(control_.said, (std::vector<std::string>{"Your order shipped."}));
  EXPECT_EQ(post("/api/calls/CA9/say", R"({"text":"x"})").result(), http::status::not_found);
  EXPECT_EQ(post("/api/calls/CA1/say", R"({"text":""})").result(), http::status::bad_request);
  EXPECT_EQ(post("/api/calls/CA1/say", "nope").result(), http::status::bad_request);
  EXPECT_EQ(post("/api/calls/CA1/say", R"({"text":"x"})", false).result(),
            http::status::unauthorized);
}

TEST_F(ApiControlTest, TransferChecksAllowListLivenessAndConflict) {
  EXPECT_EQ(post("/api/calls/CA1/transfer", R"({"to":"+19005550199"})").result(),
            http::status::forbidden);
  EXPECT_EQ(post("/api/calls/CA1/transfer", R"({"too":"+15550100"})").result(),
            http::status::bad_request);
  EXPECT_EQ(post("/api/calls/CA9/transfer", R"({"to":"+15550100"})").result(),
            http::status::not_found);
  auto ok = post("/api/calls/CA1/transfer", R"({"to":"+15550100"})");
  EXPECT_EQ(ok.result(), http::status::accepted);
  EXPECT_NE(ok.body().find("transferring"), std::string::npos);
  EXPECT_EQ(post("/api/calls/CA1/transfer", R"({"to":"+15550100"})").result(),
            http::status::conflict);
  EXPECT_EQ(control_.transferred, (std::vector<std::string>{"+15550100"}));
}

TEST_F(ApiControlTest, GetIsNotAllowed) {
  net::HttpRequest req{http::verb::get, "/api/calls/CA1/say", 11};
  req.set(http::field::authorization, "Bearer tok");
  EXPECT_EQ(router_.route(req).result(), http::status::method_not_allowed);
}

}  // namespace
}  // namespace voxgate::server
