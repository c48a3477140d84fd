// The call-control API (docs/tools.md) end to end: POST /api/calls/{id}/say and
// /transfer on the whole application (VoxgateApp), while a simulated caller
// is on the line, against tools/fakeai over real loopback sockets. The rules
// behind them are unit-tested in call_session_tools_test and api_test.

#include <gtest/gtest.h>

#include <future>
#include <string>

#include "app/voxgate_app.hpp"
#include "callsim/simulation.hpp"
#include "integration/app_fixture.hpp"

namespace voxgate::testing {
namespace {

constexpr char kApiToken[] = "op-token";

class ApiControlTest : public AppFixture {
 protected:
  // Starts a silent simulated call of `seconds` and waits until it is live;
  // returns its CallSid (empty on failure).
  std::string start_call(app::VoxgateApp& vox, double seconds) {
    callsim::SimOptions sim;
    sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
    sim.seconds = seconds;
    sim.source = callsim::SourceKind::kSilence;
    call_ = std::async(std::launch::async, [sim] { return callsim::run_simulation(sim); });
    std::string sid;
    wait_until(
        [&] {
          for (const auto& id : vox.calls().live_ids()) {
            if (id.rfind("CA", 0) == 0) sid = id;
          }
          return !sid.empty();
        },
        std::chrono::seconds(10));
    return sid;
  }
  http::response<http::string_body> post(app::VoxgateApp& vox, const std::string& target,
                                         const std::string& body) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::authorization, std::string("Bearer ") + kApiToken);
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    return http_request(vox.port(), std::move(req));
  }
  static bool has_event(const store::CallRecord& r, const std::string& kind) {
    for (const auto& e : r.events) {
      if (e.kind == kind) return true;
    }
    return false;
  }

  std::future<callsim::SimReport> call_;
};

TEST_F(ApiControlTest, SayDuringACallAsksTheModelToSpeakAndIsRecorded) {
  start_fake("response_seconds = 0.5\n");
  config_.api.token = kApiToken;
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  const std::string sid = start_call(vox, 3.0);
  ASSERT_FALSE(sid.empty());
  const uint64_t creates_before = fake_->stats().received("response.create");
  auto res = post(vox, "/api/calls/" + sid + "/say", R"({"text":"Your table is ready."})");
  EXPECT_EQ(res.result(), http::status::accepted) << res.body();
  EXPECT_EQ(post(vox, "/api/calls/CAnobody/say", R"({"text":"hi"})").result(),
            http::status::not_found);
  EXPECT_EQ(post(vox, "/api/calls/" + sid + "/say", R"({"text":""})").result(),
            http::status::bad_request);
  const auto report = call_.get();
  ASSERT_EQ(report.calls.size(), 1u);
  EXPECT_EQ(report.calls[0].ended_by, "caller");  // say never ends the call
  vox.stop();
  EXPECT_GT(fake_->stats().received("response.create"), creates_before);
  auto record = vox.store()->get(sid);
  ASSERT_TRUE(record);
  EXPECT_TRUE(has_event(*record, "say"));
  EXPECT_EQ(record->end_reason, "caller_hangup");
}

TEST_F(ApiControlTest, TransferEndsTheStreamAndTheRecordSaysTransferred) {
  start_fake("response_seconds = 0.5\n");
  config_.api.token = kApiToken;
  config_.tools.transfer_allow = {"+15550100"};
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  const std::string sid = start_call(vox, 20.0);
  ASSERT_FALSE(sid.empty());
  EXPECT_EQ(post(vox, "/api/calls/" + sid + "/transfer", R"({"to":"+15559999"})").result(),
            http::status::forbidden);  // not in the allow-list: the call goes on
  auto res = post(vox, "/api/calls/" + sid + "/transfer", R"({"to":"+15550100"})");
  EXPECT_EQ(res.result(), http::status::accepted) << res.body();
  const auto report = call_.get();  // voxgate closes the stream long before 20 s
  ASSERT_EQ(report.calls.size(), 1u);
  EXPECT_EQ(report.calls[0].ended_by, "server");
  vox.stop();
  auto record = vox.store()->get(sid);
  ASSERT_TRUE(record);
  EXPECT_EQ(record->end_reason, "transferred");
  EXPECT_TRUE(has_event(*record, "transfer"));
}

}  // namespace
}  // namespace voxgate::testing
