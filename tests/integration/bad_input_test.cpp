// BEHAVIOUR 5 "Bad input": a malformed caller message gets a counted
// rejection and the call goes on; a call that keeps sending garbage ends
// alone, without touching a healthy call beside it.

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>

#include "integration/bridge_harness.hpp"
#include "net/ws_client.hpp"
#include "telephony/twilio/codec.hpp"

namespace voxgate::testing {
namespace {

namespace twilio = telephony::twilio;

// A raw caller on the media socket, driven from the test thread.
class RawCaller {
 public:
  explicit RawCaller(uint16_t port) {
    net::ClientOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(port) + "/media";
    net::WsClient::connect(boost::asio::make_strand(io_), o, [this](net::ConnectResult r) {
      if (!r) return;
      ws_ = *r;
      ws_->start({[this](std::string_view text) { received_.emplace_back(text); },
                  [this](const net::CloseInfo& info) { closed_ = info; }});
    });
    run_until([&] { return ws_ != nullptr; });
  }
  void send(std::string text) {
    ws_->post([ws = ws_, text = std::move(text)]() mutable { ws->send(std::move(text)); });
    io_.run_for(std::chrono::milliseconds(5));
  }
  bool run_until(const std::function<bool()>& cond) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!cond() && std::chrono::steady_clock::now() < until) {
      io_.run_for(std::chrono::milliseconds(10));
    }
    return cond();
  }
  size_t media_received() const {
    size_t n = 0;
    for (const auto& m : received_) {
      auto e = twilio::parse_outbound(m);
      n += e && std::holds_alternative<twilio::OutMedia>(*e);
    }
    return n;
  }
  const std::optional<net::CloseInfo>& closed() const { return closed_; }

 private:
  boost::asio::io_context io_;
  std::shared_ptr<net::WsConnection> ws_;
  std::vector<std::string> received_;
  std::optional<net::CloseInfo> closed_;
};

std::string start_message(const std::string& sid) {
  twilio::Start s;
  s.sequence = 1;
  s.stream_sid = "MZ" + sid;
  s.call_sid = "CA" + sid;
  s.account_sid = "AC1";
  s.tracks = {"inbound"};
  s.media_format = {"audio/x-mulaw", 8000, 1};
  return twilio::encode_inbound(s);
}

TEST(BadInput, MalformedCallerMessagesAreCountedAndTheCallGoesOn) {
  BridgeHarness h("response_seconds = 0.5\n");
  RawCaller caller(h.port());
  caller.send("this is not json");
  caller.send(R"({"event":"media","streamSid":"MZ1"})");                          // missing media
  caller.send(R"({"event":"media","media":{"payload":"%%%","timestamp":"0"}})");  // bad base64
  caller.send(R"({"event":"surprise"})");                                         // unknown event
  caller.send(start_message("1"));
  ASSERT_TRUE(caller.run_until([&] { return caller.media_received() >= 5; }))
      << "the greeting never reached a caller that had sent bad messages";
  EXPECT_FALSE(caller.closed());
  EXPECT_EQ(h.metrics().bad_caller_messages.value(), 4u);
}

TEST(BadInput, AFloodOfGarbageEndsOnlyThatCall) {
  BridgeHarness h("response_seconds = 3.0\n",
                  [](server::RunnerConfig& c) { c.bad_caller_threshold = 20; });
  RawCaller good(h.port());
  good.send(start_message("good"));
  RawCaller bad(h.port());
  bad.send(start_message("bad"));
  for (int i = 0; i < 25; ++i) bad.send("{garbage");
  ASSERT_TRUE(bad.run_until([&] { return bad.closed().has_value(); }));
  EXPECT_EQ(bad.closed()->code, 1008);  // policy violation
  ASSERT_TRUE(good.run_until([&] { return good.media_received() >= 20; }));
  EXPECT_FALSE(good.closed());
}

}  // namespace
}  // namespace voxgate::testing
