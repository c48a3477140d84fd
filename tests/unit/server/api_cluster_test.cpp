// Call control across instances: two Apis (instances A and B), each with its
// own calls, sharing a throwaway Redis through the live-call registry and the
// control bus, as two voxgate processes do.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>

#include "bridge/call_registry.hpp"
#include "cluster/redis_live_call_registry.hpp"
#include "server/api.hpp"
#include "unit/cluster/redis_fixture.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
using cluster::test::await;
using cluster::test::RedisTest;

constexpr char kToken[] = "s3cret";

// A live call that notes what it was asked (from the bus's thread).
class NotingCall : public bridge::LiveCall {
 public:
  void request_hangup(const std::string& reason) override { note("hangup " + reason); }
  bridge::ControlResult request_say(const std::string& text) override {
    note("say " + text);
    return bridge::ControlResult::kAccepted;
  }
  std::vector<std::string> asked() {
    std::lock_guard lock(mu_);
    return asked_;
  }

 private:
  void note(std::string what) {
    std::lock_guard lock(mu_);
    asked_.push_back(std::move(what));
  }
  std::mutex mu_;
  std::vector<std::string> asked_;
};

// One voxgate's share: its calls, Redis connection, registry, bus and API.
struct Instance {
  Instance(const std::string& id, const cluster::RedisEndpoint& redis, const std::string& prefix)
      : worker(cluster::RedisWorkerOptions{.endpoint = redis}),
        registry(worker, prefix),
        api(nullptr, calls, kToken) {
    bus = std::make_unique<cluster::ControlBus>(
        cluster::ControlBusOptions{redis, prefix, id, std::chrono::milliseconds(500)}, worker,
        [this](const cluster::ControlRequest& r) { return api.run_forwarded(r); });
    api.set_cluster({&registry, bus.get(), id});
    api.install(router);
  }
  ~Instance() {
    bus->stop();
    worker.stop();  // before the registry and bus its callbacks use
  }
  bool ready() {
    return worker.wait_connected(std::chrono::seconds(5)) &&
           bus->wait_subscribed(std::chrono::seconds(5));
  }
  net::HttpResponse post(const std::string& target, std::string body = {}) {
    return send(http::verb::post, target, std::move(body));
  }
  net::HttpResponse send(http::verb method, const std::string& target, std::string body = {}) {
    net::HttpRequest req{method, target, 11};
    req.set(http::field::authorization, std::string("Bearer ") + kToken);
    req.body() = std::move(body);
    auto res = await<net::HttpResponse>(
        [&](auto cb) { router.route_async(req, [cb](net::HttpResponse r) { cb(std::move(r)); }); });
    EXPECT_TRUE(res && res->ok());
    return res && res->ok() ? res->value() : net::HttpResponse{};
  }

  bridge::CallRegistry calls;
  cluster::RedisWorker worker;
  cluster::RedisLiveCallRegistry registry;
  Api api;
  std::unique_ptr<cluster::ControlBus> bus;
  net::Router router;
};

class ApiClusterTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    a_ = std::make_unique<Instance>("A", endpoint(), prefix_);
    b_ = std::make_unique<Instance>("B", endpoint(), prefix_);
    ASSERT_TRUE(a_->ready() && b_->ready());
    // A holds CA1.
    a_->calls.add({"CA1"}, call_);
    auto put = await<bool>([&](auto cb) {
      a_->registry.put({"CA1", "A", "twilio", "", 1, "talking"}, cb);
    });
    ASSERT_TRUE(put && put->ok());
  }
  void TearDown() override {
    b_.reset();
    a_.reset();
  }

  std::shared_ptr<NotingCall> call_ = std::make_shared<NotingCall>();
  std::unique_ptr<Instance> a_, b_;
};

TEST_F(ApiClusterTest, BHangsUpACallAHolds) {
  const auto res = b_->post("/api/calls/CA1/hangup");
  EXPECT_EQ(res.result(), http::status::accepted) << res.body();
  EXPECT_EQ(res.body(), R"({"id":"CA1","status":"hanging_up"})");
  EXPECT_EQ(res["X-Voxgate-Instance"], "A");
  EXPECT_EQ(call_->asked(), std::vector<std::string>{"hangup api_hangup"});
}

TEST_F(ApiClusterTest, TheHoldersRefusalIsTheAnswer) {
  const auto bad = b_->post("/api/calls/CA1/say", R"({"nope":1})");
  EXPECT_EQ(bad.result(), http::status::bad_request) << bad.body();
  const auto ok = b_->post("/api/calls/CA1/say", R"({"text":"one moment"})");
  EXPECT_EQ(ok.result(), http::status::accepted) << ok.body();
  EXPECT_EQ(call_->asked(), std::vector<std::string>{"say one moment"});
  // Transfers are refused by A's allow list (empty): 403 from A.
  EXPECT_EQ(b_->post("/api/calls/CA1/transfer", R"({"to":"+15550100"})").result(),
            http::status::forbidden);
}

TEST_F(ApiClusterTest, ACallNoInstanceHoldsIs404) {
  const auto res = b_->post("/api/calls/CA9/hangup");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res.body(), R"({"error":"no live call CA9 on any instance"})");
}

TEST_F(ApiClusterTest, AHolderThatIsGoneIs503) {
  auto put = await<bool>([&](auto cb) {
    a_->registry.put({"CA7", "C", "twilio", "", 1, "talking"}, cb);  // C crashed
  });
  ASSERT_TRUE(put && put->ok());
  const auto res = b_->post("/api/calls/CA7/hangup");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(res.body(), R"({"error":"cannot reach instance C: instance C is not listening"})");
}

TEST_F(ApiClusterTest, RedisDownIs503) {
  server_->stop();
  const auto res = b_->post("/api/calls/CA1/hangup");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_NE(res.body().find("cannot look the call up in the cluster state: redis unavailable"),
            std::string::npos)
      << res.body();
  std::string error;
  ASSERT_TRUE(server_->start(error)) << error;
}

TEST_F(ApiClusterTest, BListsEveryInstancesLiveCalls) {
  auto put = await<bool>([&](auto cb) {
    b_->registry.put({"CB1", "B", "telnyx", "+15550199", 2, "talking"}, cb);
  });
  ASSERT_TRUE(put && put->ok());
  const auto res = b_->send(http::verb::get, "/api/calls?live=1");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res.body(),
            R"({"calls":[{"id":"CB1","instance":"B","carrier":"telnyx","caller":"+15550199",)"
            R"("started_at_ms":2,"state":"talking"},{"id":"CA1","instance":"A","carrier":"twilio",)"
            R"("caller":"","started_at_ms":1,"state":"talking"}]})");
  server_->stop();
  EXPECT_EQ(b_->send(http::verb::get, "/api/calls?live=1").result(),
            http::status::service_unavailable);
  std::string error;
  ASSERT_TRUE(server_->start(error)) << error;
}

TEST_F(ApiClusterTest, TheHolderAnswersItsOwnCallsAsBefore) {
  const auto res = a_->post("/api/calls/CA1/hangup");
  EXPECT_EQ(res.result(), http::status::accepted);
  EXPECT_EQ(res.count("X-Voxgate-Instance"), 0u);
}

}  // namespace
}  // namespace voxgate::server
