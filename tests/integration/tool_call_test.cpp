// Tools the AI can call (docs/tools.md), end to end over real sockets: callsim
// (Twilio) -> voxgate CallRunner -> fakeai scripting the function calls, and a
// loopback webhook server that checks the signature and answers.

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/json.hpp>
#include <thread>

#include "bridge/tool_signature.hpp"
#include "fakes/net/test_http_server.hpp"
#include "integration/bridge_harness.hpp"
#include "unit/net/net_test_support.hpp"

namespace voxgate::testing {
namespace {

using Reply = test::TestHttpServer::Reply;
using namespace std::chrono_literals;
constexpr char kSecret[] = "webhook-secret";

// The webhook endpoint on its own thread, answering with `reply` and
// recording whether every signature it saw was valid.
class Webhook {
 public:
  explicit Webhook(Reply reply)
      : server_(io_,
                [this, reply](const test::TestHttpServer::Request& r) {
                  const auto ts = r.headers.find("X-Voxgate-Timestamp");
                  const auto sig = r.headers.find("X-Voxgate-Signature");
                  if (ts == r.headers.end() || sig == r.headers.end() ||
                      !bridge::verify_tool_signature(kSecret, ts->second, r.body, sig->second)) {
                    bad_signatures_ += 1;
                    return Reply{401, R"({"error":"bad signature"})"};
                  }
                  return reply;
                }),
        thread_([this] { io_.run(); }) {}
  ~Webhook() {
    work_.reset();
    io_.stop();
    thread_.join();
  }
  std::string url() const { return server_.url("/hooks/lookup"); }
  std::vector<test::TestHttpServer::Request> requests() const { return server_.requests(); }
  int bad_signatures() const { return bad_signatures_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      io_.get_executor()};
  std::atomic<int> bad_signatures_{0};
  test::TestHttpServer server_;
  std::thread thread_;
};

config::ToolsConfig tools_for(const std::string& url, int timeout_ms = 2000) {
  config::ToolsConfig t;
  t.secret = kSecret;
  t.transfer_allow = {"+15550100"};
  config::WebhookToolConfig w;
  w.name = "lookup";
  w.url = url;
  w.timeout_ms = timeout_ms;
  t.webhooks.push_back(w);
  return t;
}

std::string script(const std::string& calls, const std::string& extra = "") {
  return "response_seconds = 1.0\n" + extra + calls;
}
const std::string kLookupCall =
    "[[tool_calls]]\nresponse = 1\nname = \"lookup\"\narguments = '{\"name\":\"Ann\"}'\n";

// Outcome of the first tool_result event in the record ("lookup ok" -> "ok").
std::vector<std::string> tool_results(const store::CallRecord& rec) {
  std::vector<std::string> out;
  for (const auto& e : rec.events) {
    if (e.kind == "tool_result") out.push_back(e.detail);
  }
  return out;
}

struct Outcome {
  callsim::CallReport call;
  store::CallRecord record;
};

Outcome run_call(BridgeHarness& h, double seconds) {
  auto report = h.call(h.default_call(seconds));
  EXPECT_EQ(report.calls.size(), 1u);
  Outcome o{report.calls.at(0), {}};
  auto rec = h.record(o.call.call_sid);
  EXPECT_TRUE(rec);
  if (rec) o.record = *rec;
  return o;
}

TEST(ToolCalls, WebhookSuccessOutputThenOneResponseCreate) {
  Webhook hook(Reply{200, R"({"booking":"Tuesday 10:00"})"});
  BridgeHarness h(script(kLookupCall), {}, tools_for(hook.url()));
  auto o = run_call(h, 3.5);
  ASSERT_TRUE(o.call.ok) << o.call.error;
  ASSERT_EQ(hook.requests().size(), 1u);
  EXPECT_EQ(hook.bad_signatures(), 0);
  auto body = boost::json::parse(hook.requests()[0].body).as_object();
  EXPECT_EQ(body["call_sid"].as_string(), o.call.call_sid);
  EXPECT_EQ(body["tool"].as_string(), "lookup");
  EXPECT_EQ(body["arguments"].as_object()["name"].as_string(), "Ann");
  const auto ai = h.ai_stats();
  EXPECT_EQ(ai.received("conversation.item.create"), 1u);  // the function output
  EXPECT_EQ(ai.received("response.create"), 2u);           // greeting + the follow-up
  EXPECT_EQ(tool_results(o.record), (std::vector<std::string>{"lookup ok"}));
  EXPECT_NE(h.metrics_registry().render_prometheus().find(
                R"(voxgate_tool_calls_total{tool="lookup",outcome="ok"} 1)"),
            std::string::npos);
}

TEST(ToolCalls, SlowToolWhileTheCallerBargesIn) {
  Webhook hook(Reply{200, R"({"slow":true})", 2000ms});
  // The tool call ends the 1 s greeting; the caller then talks (fakeai
  // answers), and talks over that answer while the tool is still running.
  const std::string events =
      "[[events]]\nat_ms = 1400\ntype = \"speech_started\"\n"
      "[[events]]\nat_ms = 1600\ntype = \"speech_stopped\"\n"
      "[[events]]\nat_ms = 2000\ntype = \"speech_started\"\n"
      "[[events]]\nat_ms = 2200\ntype = \"speech_stopped\"\n";
  BridgeHarness h(script(kLookupCall + events), {}, tools_for(hook.url(), 5000));
  auto o = run_call(h, 5.5);
  ASSERT_TRUE(o.call.ok) << o.call.error;
  EXPECT_GE(o.call.clears, 1u);  // barge-in worked while the tool ran
  EXPECT_GE(h.ai_stats().responses_cancelled, 1u);
  EXPECT_EQ(tool_results(o.record), (std::vector<std::string>{"lookup ok"}));
  EXPECT_EQ(h.ai_stats().received("conversation.item.create"), 1u);
  EXPECT_EQ(h.ai_stats().errors("conversation_already_has_active_response"), 0u);
}

struct Failure {
  Reply reply;
  int timeout_ms;
  const char* outcome;
};
// gtest prints a parameter in test listings and failures; not as raw bytes.
void PrintTo(const Failure& f, std::ostream* os) {
  *os << "HTTP " << f.reply.status << " after " << f.reply.delay.count() << " ms, timeout "
      << f.timeout_ms << " ms -> " << f.outcome;
}

class ToolFailures : public ::testing::TestWithParam<Failure> {};

TEST_P(ToolFailures, BecomeErrorOutputsTheModelCanExplain) {
  Webhook hook(GetParam().reply);
  BridgeHarness h(script(kLookupCall), {}, tools_for(hook.url(), GetParam().timeout_ms));
  auto o = run_call(h, 3.5);
  ASSERT_TRUE(o.call.ok) << o.call.error;
  EXPECT_EQ(o.call.ended_by, "caller");  // never a stuck or dropped call
  EXPECT_EQ(tool_results(o.record),
            (std::vector<std::string>{std::string("lookup ") + GetParam().outcome}));
  EXPECT_EQ(h.ai_stats().received("conversation.item.create"), 1u);
  EXPECT_EQ(h.ai_stats().received("response.create"), 2u);
}

INSTANTIATE_TEST_SUITE_P(Webhook, ToolFailures,
                         ::testing::Values(Failure{Reply{200, "{}", 1500ms}, 300, "timeout"},
                                           Failure{Reply{500, "{}"}, 2000, "http_error"},
                                           Failure{Reply{200, "not json"}, 2000, "bad_reply"}),
                         [](const auto& info) { return std::string(info.param.outcome); });

TEST(ToolCalls, InvalidArgumentsAnsweredWithoutCallingTheWebhook) {
  Webhook hook(Reply{});
  BridgeHarness h(script("[[tool_calls]]\nname = \"lookup\"\narguments = '{\"name\":'\n"), {},
                  tools_for(hook.url()));
  auto o = run_call(h, 3.0);
  ASSERT_TRUE(o.call.ok) << o.call.error;
  EXPECT_TRUE(hook.requests().empty());
  EXPECT_EQ(tool_results(o.record), (std::vector<std::string>{"lookup invalid_arguments"}));
  EXPECT_EQ(h.ai_stats().received("response.create"), 2u);
}

TEST(ToolCalls, TwoCallsInOneResponseGiveOneFollowUp) {
  Webhook hook(Reply{200, R"({"ok":1})", 300ms});
  BridgeHarness h(script(kLookupCall + "[[tool_calls]]\nname = \"lookup\"\narguments = '{}'\n"), {},
                  tools_for(hook.url()));
  auto o = run_call(h, 3.5);
  ASSERT_TRUE(o.call.ok) << o.call.error;
  EXPECT_EQ(hook.requests().size(), 2u);
  EXPECT_EQ(h.ai_stats().received("conversation.item.create"), 2u);
  EXPECT_EQ(h.ai_stats().received("response.create"), 2u);  // greeting + ONE follow-up
  EXPECT_EQ(tool_results(o.record), (std::vector<std::string>{"lookup ok", "lookup ok"}));
}

std::optional<net::test::bhttp::response<net::test::bhttp::string_body>> post_form(
    uint16_t port, const std::string& target, const std::string& form) {
  boost::asio::io_context io;
  net::test::bhttp::request<net::test::bhttp::string_body> req{net::test::bhttp::verb::post, target,
                                                               11};
  req.set(net::test::bhttp::field::content_type, "application/x-www-form-urlencoded");
  req.body() = form;
  return net::test::http_request(io, port, std::move(req));
}

TEST(ToolCalls, TransferEndToEndThroughTwimlAndTheActionUrl) {
  Webhook hook(Reply{});
  BridgeHarness h(
      script("[[tool_calls]]\nname = \"transfer_call\"\narguments = '{\"to\":\"+15550100\"}'\n"),
      {}, tools_for(hook.url()));
  auto twiml = post_form(h.port(), "/twiml", "CallSid=CA1&From=%2B15551234567");
  ASSERT_TRUE(twiml);
  EXPECT_NE(twiml->body().find("<Connect action=\"http://127.0.0.1:" + std::to_string(h.port()) +
                               "/twiml/after\">"),
            std::string::npos)
      << twiml->body();
  auto o = run_call(h, 6.0);
  EXPECT_EQ(o.call.ended_by, "server");  // the stream closed after the handoff line
  EXPECT_EQ(o.call.bytes_unplayed, 0u);  // which played whole
  EXPECT_NEAR(static_cast<double>(o.call.bytes_played) / 8000.0, 1.0, 0.01);
  EXPECT_EQ(o.record.end_reason, "transferred");
  EXPECT_EQ(h.ai_stats().received("response.create"), 1u);  // no follow-up
  auto after = post_form(h.port(), "/twiml/after", "CallSid=" + o.call.call_sid);
  ASSERT_TRUE(after);
  EXPECT_NE(after->body().find("<Dial><Number>+15550100</Number></Dial>"), std::string::npos)
      << after->body();
  auto other = post_form(h.port(), "/twiml/after", "CallSid=CAother");
  ASSERT_TRUE(other);
  EXPECT_NE(other->body().find("<Hangup/>"), std::string::npos);
}

// The other carriers' continuation: once the stream ends, Telnyx (TeXML
// <Redirect>), Plivo (<Redirect>) and Vonage (a notify action) ask
// /answer/<carrier>/after where the call goes; a transferred call dials.
class CarrierTransfer : public ::testing::TestWithParam<callsim::Carrier> {};

TEST_P(CarrierTransfer, TheContinuationDialsTheTarget) {
  Webhook hook(Reply{});
  BridgeHarness h(
      script("[[tool_calls]]\nname = \"transfer_call\"\narguments = '{\"to\":\"+15550100\"}'\n"),
      {}, tools_for(hook.url()));
  auto opts = h.default_call(6.0);
  opts.carrier = GetParam();
  opts.url = "ws://127.0.0.1:" + std::to_string(h.port()) + callsim::default_media_path(GetParam());
  auto report = h.call(opts);
  ASSERT_EQ(report.calls.size(), 1u);
  const auto& call = report.calls[0];
  EXPECT_EQ(call.ended_by, "server");
  auto rec = h.record(call.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "transferred");
  const std::string carrier(callsim::carrier_name(GetParam()));
  auto after = post_form(h.port(), "/answer/" + carrier + "/after?call=" + call.call_sid, "");
  ASSERT_TRUE(after);
  const std::string dial =
      GetParam() == callsim::Carrier::kVonage  ? R"("type":"phone","number":"15550100")"
      : GetParam() == callsim::Carrier::kPlivo ? "<Dial><Number>15550100</Number></Dial>"
                                               : "<Dial><Number>+15550100</Number></Dial>";
  EXPECT_NE(after->body().find(dial), std::string::npos) << after->body();
  auto other = post_form(h.port(), "/answer/" + carrier + "/after?call=someone-else", "");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->body().find("15550100"), std::string::npos) << other->body();
}

INSTANTIATE_TEST_SUITE_P(Carriers, CarrierTransfer,
                         ::testing::Values(callsim::Carrier::kTelnyx, callsim::Carrier::kPlivo,
                                           callsim::Carrier::kVonage),
                         [](const auto& info) {
                           return std::string(callsim::carrier_name(info.param));
                         });

TEST(ToolCalls, TransferTargetNotAllowedIsRefused) {
  Webhook hook(Reply{});
  BridgeHarness h(
      script("[[tool_calls]]\nname = \"transfer_call\"\narguments = '{\"to\":\"+19005550199\"}'\n"),
      {}, tools_for(hook.url()));
  auto o = run_call(h, 3.0);
  ASSERT_TRUE(o.call.ok) << o.call.error;
  EXPECT_EQ(o.call.ended_by, "caller");
  EXPECT_EQ(o.record.end_reason, "caller_hangup");
  EXPECT_EQ(tool_results(o.record), (std::vector<std::string>{"transfer_call refused"}));
  EXPECT_EQ(h.transfers().size(), 0u);
  EXPECT_EQ(h.ai_stats().received("response.create"), 2u);  // the model explains
}

}  // namespace
}  // namespace voxgate::testing
