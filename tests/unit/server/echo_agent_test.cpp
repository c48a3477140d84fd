#include "bridge/echo_agent.hpp"

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <boost/json.hpp>

#include "net/ws_client.hpp"
#include "server/server.hpp"
#include "unit/net/net_test_support.hpp"

namespace voxgate::server {
namespace {

using net::test::run_until;
namespace json = boost::json;

// A tiny Twilio stand-in: connects to /media, records what comes back and
// echoes marks like Twilio does when nothing is left to play.
class EchoAgentTest : public ::testing::Test {
 protected:
  void start(std::chrono::milliseconds delay) {
    ServerOptions so;
    so.port = 0;
    server_ = std::make_unique<Server>(io_, so);
    bridge::EchoOptions eo;
    eo.delay = delay;
    eo.on_end = [this](const bridge::EchoStats& s) { end_stats_ = s; };
    server_->set_media_handler(bridge::EchoAgent::handler(eo));
    ASSERT_FALSE(server_->start());

    net::ClientOptions co;
    co.url = "ws://127.0.0.1:" + std::to_string(server_->port()) + "/media";
    std::optional<net::ConnectResult> r;
    net::WsClient::connect(boost::asio::make_strand(io_), co,
                           [&](net::ConnectResult x) { r.emplace(std::move(x)); });
    ASSERT_TRUE(run_until(io_, [&] { return r.has_value(); }));
    ASSERT_TRUE(r->ok()) << r->error().message;
    client_ = r->value();
    client_->start({[this](std::string_view t) { on_text(t); },
                    [this](const net::CloseInfo& i) { close_ = i; }});
  }

  void on_text(std::string_view t) {
    json::object o = json::parse(t).as_object();
    events_.push_back(o);
    if (o.at("event") == "mark") {
      client_->send(json::serialize(json::object{
          {"event", "mark"}, {"streamSid", o.at("streamSid")}, {"mark", o.at("mark")}}));
    }
  }

  void send_start() {
    client_->send(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
    client_->send(R"({"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{)"
                  R"("streamSid":"MZ1","callSid":"CA1","tracks":["inbound"]}})");
  }
  void send_media(int i) {
    client_->send(json::serialize(
        json::object{{"event", "media"},
                     {"streamSid", "MZ1"},
                     {"media", json::object{{"track", "inbound"}, {"payload", payload(i)}}}}));
  }
  // Distinct strict-base64 payloads (the codec refuses anything else).
  static std::string payload(int i) { return "AAA" + std::string(1, static_cast<char>('A' + i)); }

  void TearDown() override {
    client_.reset();
    if (server_) server_->stop();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(10));
  }

  boost::asio::io_context io_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<net::WsConnection> client_;
  std::vector<json::object> events_;
  std::optional<bridge::EchoStats> end_stats_;
  std::optional<net::CloseInfo> close_;
};

TEST_F(EchoAgentTest, EchoesPayloadsInOrderWithMarksAndEndsOnStop) {
  start(std::chrono::milliseconds(30));
  constexpr int kChunks = 5;
  send_start();
  client_->send("not json");              // bad: counted, ignored
  client_->send(R"({"event":"media"})");  // bad: no payload
  const auto sent_at = std::chrono::steady_clock::now();
  for (int i = 0; i < kChunks; ++i) send_media(i);
  ASSERT_TRUE(run_until(io_, [&] { return events_.size() == 2 * kChunks; }));
  EXPECT_GE(std::chrono::steady_clock::now() - sent_at, std::chrono::milliseconds(30));
  for (int i = 0; i < kChunks; ++i) {
    const auto& media = events_[2 * i];
    const auto& mark = events_[2 * i + 1];
    EXPECT_EQ(media.at("event"), "media");
    EXPECT_EQ(media.at("streamSid"), "MZ1");
    EXPECT_EQ(media.at("media").at("payload").as_string(), payload(i));
    EXPECT_EQ(mark.at("event"), "mark");
    EXPECT_EQ(mark.at("mark").at("name").as_string(), "echo-" + std::to_string(i + 1));
  }
  client_->send(R"({"event":"stop","sequenceNumber":"9","streamSid":"MZ1","stop":{}})");
  ASSERT_TRUE(run_until(io_, [&] { return end_stats_ && close_; }));
  EXPECT_EQ(end_stats_->media_in, kChunks);
  EXPECT_EQ(end_stats_->media_out, kChunks);
  EXPECT_EQ(end_stats_->marks_sent, kChunks);
  EXPECT_EQ(end_stats_->marks_echoed, kChunks);
  EXPECT_EQ(end_stats_->bad_messages, 2u);
  EXPECT_EQ(end_stats_->stream_sid, "MZ1");
  EXPECT_EQ(end_stats_->call_sid, "CA1");
  EXPECT_EQ(close_->kind, net::CloseInfo::Kind::kNormal);
  EXPECT_EQ(close_->code, 1000);
}

TEST_F(EchoAgentTest, CallerHangupCancelsPendingEchoes) {
  start(std::chrono::seconds(10));
  send_start();
  send_media(0);
  send_media(1);
  client_->close();
  ASSERT_TRUE(run_until(io_, [&] { return end_stats_.has_value(); }));
  EXPECT_EQ(end_stats_->media_in, 2u);
  EXPECT_EQ(end_stats_->media_out, 0u);
  EXPECT_TRUE(events_.empty());
}

}  // namespace
}  // namespace voxgate::server
