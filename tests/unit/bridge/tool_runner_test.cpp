// ToolRunner (docs/tools.md): signed webhook POSTs against a loopback server, error
// outputs for timeout / 500 / invalid reply / invalid arguments, transfer
// allow-list; plus the signature itself.
#include "bridge/tool_runner.hpp"

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <optional>

#include "bridge/tool_signature.hpp"
#include "fakes/net/test_http_server.hpp"

namespace voxgate::bridge {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using test::TestHttpServer;
using Reply = TestHttpServer::Reply;
using namespace std::chrono_literals;

constexpr char kSecret[] = "topsecret";

class ToolRunnerTest : public ::testing::Test {
 protected:
  asio::io_context io_;
  std::optional<TestHttpServer> hook_;
  std::optional<ToolRunner> runner_;

  void serve(std::function<Reply(const TestHttpServer::Request&)> h, int timeout_ms = 1000) {
    hook_.emplace(io_, std::move(h));
    config::ToolsConfig c;
    c.secret = kSecret;
    c.transfer_allow = {"+15550100"};
    config::WebhookToolConfig w;
    w.name = "lookup";
    w.url = hook_->url("/hooks/lookup");
    w.timeout_ms = timeout_ms;
    w.headers = {{"X-Api-Key", "k1"}};
    c.webhooks.push_back(w);
    runner_.emplace(c, net::HttpClientOptions{}, [] { return int64_t{1700000000}; });
  }
  ToolVerdict run(std::string name, std::string args) {
    std::optional<ToolVerdict> out;
    ToolCallContext ctx{"CA1", "MZ1", {{"From", "+15551234567"}}};
    runner_->run(asio::make_strand(io_), ctx, "call_1", std::move(name), std::move(args),
                 [&](ToolVerdict v) { out.emplace(std::move(v)); });
    EXPECT_FALSE(out.has_value());  // never answered inside run()
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (!out && std::chrono::steady_clock::now() < until) {
      io_.restart();
      io_.run_for(5ms);
    }
    EXPECT_TRUE(out.has_value());
    return out.value_or(ToolVerdict{});
  }
};

TEST_F(ToolRunnerTest, SignedRequestAndJsonReplyBecomesOutput) {
  serve([](const auto&) { return Reply{200, R"({"booking": "tuesday 10am"})"}; });
  auto v = run("lookup", R"({"name":"Ann"})");
  EXPECT_EQ(v.outcome, "ok");
  EXPECT_EQ(v.output_json, R"({"booking":"tuesday 10am"})");
  auto seen = hook_->requests();
  ASSERT_EQ(seen.size(), 1u);
  auto& r = seen[0];
  EXPECT_EQ(r.target, "/hooks/lookup");
  EXPECT_EQ(r.headers["X-Api-Key"], "k1");
  EXPECT_EQ(r.headers["X-Voxgate-Timestamp"], "1700000000");
  EXPECT_TRUE(
      verify_tool_signature(kSecret, "1700000000", r.body, r.headers["X-Voxgate-Signature"]));
  EXPECT_FALSE(
      verify_tool_signature("wrong", "1700000000", r.body, r.headers["X-Voxgate-Signature"]));
  auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body["call_sid"], "CA1");
  EXPECT_EQ(body["stream_sid"], "MZ1");
  EXPECT_EQ(body["tool"], "lookup");
  EXPECT_EQ(body["call_id"], "call_1");
  EXPECT_EQ(body["arguments"].as_object()["name"], "Ann");
  EXPECT_EQ(body["custom_parameters"].as_object()["From"], "+15551234567");
}

TEST_F(ToolRunnerTest, TimeoutIsAnErrorOutput) {
  serve([](const auto&) { return Reply{200, "{}", 3000ms}; }, 150);
  auto v = run("lookup", "{}");
  EXPECT_EQ(v.outcome, "timeout");
  EXPECT_NE(v.output_json.find("\"error\""), std::string::npos);
}

TEST_F(ToolRunnerTest, ServerErrorIsAnErrorOutput) {
  serve([](const auto&) { return Reply{500, R"({"oops":1})"}; });
  auto v = run("lookup", "{}");
  EXPECT_EQ(v.outcome, "http_error");
  EXPECT_EQ(v.output_json, R"j({"error":"the tool failed (HTTP 500)"})j");
}

TEST_F(ToolRunnerTest, NonJsonReplyIsAnErrorOutput) {
  serve([](const auto&) { return Reply{200, "<html>hello</html>"}; });
  auto v = run("lookup", "{}");
  EXPECT_EQ(v.outcome, "bad_reply");
  EXPECT_NE(v.output_json.find("invalid reply"), std::string::npos);
}

TEST_F(ToolRunnerTest, InvalidArgumentsNeverReachTheWebhook) {
  serve([](const auto&) { return Reply{}; });
  for (const char* args : {"{not json", "[1,2]", ""}) {
    auto v = run("lookup", args);
    EXPECT_EQ(v.outcome, "invalid_arguments") << args;
  }
  EXPECT_TRUE(hook_->requests().empty());
}

TEST_F(ToolRunnerTest, TransferAllowListAndUnknownTool) {
  serve([](const auto&) { return Reply{}; });
  auto ok = run("transfer_call", R"({"to":"+15550100"})");
  ASSERT_TRUE(ok.transfer_to.has_value());
  EXPECT_EQ(*ok.transfer_to, "+15550100");
  auto refused = run("transfer_call", R"({"to":"+19005550199"})");
  EXPECT_FALSE(refused.transfer_to);
  EXPECT_EQ(refused.outcome, "refused");
  EXPECT_EQ(run("transfer_call", "{}").outcome, "invalid_arguments");
  EXPECT_EQ(run("nope", "{}").outcome, "unknown_tool");
  EXPECT_TRUE(hook_->requests().empty());
}

TEST_F(ToolRunnerTest, DefinitionsAndNames) {
  serve([](const auto&) { return Reply{}; });
  auto defs = runner_->definitions();
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].name, "transfer_call");
  EXPECT_NE(defs[0].description.find("+15550100"), std::string::npos);
  EXPECT_EQ(defs[1].name, "lookup");
  EXPECT_EQ(runner_->names(), (std::vector<std::string>{"transfer_call", "lookup"}));
}

TEST(ToolSignature, KnownVector) {
  // python3: hmac.new(b"topsecret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
  EXPECT_EQ(tool_signature("topsecret", "1700000000", R"({"a":1})"),
            "sha256=6a939b0c71853d606167625a15168ee9188c6a511c773ef4f42d307f3849e50f");
}

}  // namespace
}  // namespace voxgate::bridge
