// LiveLeg over a real loopback socket against a tiny scripted GPT-Live
// server: the dial (path, auth header, User-Agent), session.start first,
// session.started as SessionReady, output audio as a synthetic response, and
// close() as session.close then the socket after session.closed.

#include "live/live_leg.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "net/ws_server.hpp"
#include "unit/net/net_test_support.hpp"

namespace voxgate::live {
namespace {

namespace json = boost::json;
namespace asio = boost::asio;
using net::test::run_until;

class LiveLegTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server =
        net::WsServer::start(io_, {}, [this](const net::HttpRequest& req) -> net::WsUpgrade {
          target_ = std::string(req.target());
          auth_ = std::string(req[boost::beast::http::field::authorization]);
          api_key_ = std::string(req["api-key"]);
          user_agent_ = std::string(req[boost::beast::http::field::user_agent]);
          return net::WsHandler{
              [this](std::shared_ptr<net::WsConnection> conn, const net::HttpRequest&) {
                server_conn_ = conn;
                conn->start({[this](std::string_view text) { on_client(text); },
                             [this](const net::CloseInfo&) { server_closed_ = true; }});
              }};
        });
    ASSERT_TRUE(server) << server.error();
    server_ = std::move(server).value();
  }
  void TearDown() override {
    leg_.reset();
    server_.reset();
    io_.restart();
    io_.run_for(std::chrono::milliseconds(20));
  }

  // The scripted server: session.started and one audio delta on start,
  // session.closed on close.
  void on_client(std::string_view text) {
    const json::value v = json::parse(text);
    received_.push_back(v.at("type").as_string().c_str());
    if (received_.back() == "session.start") {
      start_format_ = v.at("session").at("audio").at("format");
      server_conn_->send(R"({"type":"session.started","session":{"id":"live_t1"}})");
      server_conn_->send(R"({"type":"session.output_audio.delta","delta":"/w8A"})");
    } else if (received_.back() == "session.close") {
      server_conn_->send(R"({"type":"session.closed","reason":"close_requested"})");
    }
  }

  void dial(LiveOptions o, const audio::Format& call = audio::kPhoneMulaw) {
    o.url = "ws://127.0.0.1:" + std::to_string(server_->port()) + "/v1/live/sessions";
    ai::AiLeg::Handlers h;
    h.on_event = [this](ai::AiEvent&& e) { events_.push_back(std::move(e)); };
    h.on_failure = [this](const ai::AiFailure& f) { failure_ = f; };
    std::optional<ai::AiLeg::DialResult> result;
    LiveLeg::dialer(o, StartConfig{})(
        asio::make_strand(io_), call, h,
        [&](ai::AiLeg::DialResult r) { result.emplace(std::move(r)); });
    ASSERT_TRUE(run_until(io_, [&] { return result.has_value(); }));
    ASSERT_TRUE(*result) << result->error().description;
    leg_ = std::move(**result);
  }

  asio::io_context io_;
  std::unique_ptr<net::WsServer> server_;
  std::shared_ptr<net::WsConnection> server_conn_;
  std::string target_, auth_, api_key_, user_agent_;
  std::vector<std::string> received_;
  json::value start_format_;  // session.start's audio.format
  bool server_closed_ = false;
  std::shared_ptr<ai::AiLeg> leg_;
  std::vector<ai::AiEvent> events_;
  std::optional<ai::AiFailure> failure_;
};

TEST_F(LiveLegTest, DialsStartsStreamsAndClosesGracefully) {
  LiveOptions o;
  o.api_key = "sk-test";
  dial(o);
  EXPECT_EQ(target_, "/v1/live/sessions");
  EXPECT_EQ(auth_, "Bearer sk-test");
  EXPECT_TRUE(api_key_.empty());
  EXPECT_FALSE(user_agent_.empty());
  EXPECT_EQ(leg_->turn_model(), ai::AiTurnModel::kModelManaged);

  EXPECT_TRUE(leg_->append_audio("/w8A"));  // before session.started: queued
  leg_->configure();
  ASSERT_TRUE(run_until(io_, [&] { return events_.size() >= 3; }));
  EXPECT_EQ(events_[0], ai::AiEvent{ai::SessionReady{}});
  EXPECT_TRUE(std::holds_alternative<ai::ResponseCreated>(events_[1]));
  EXPECT_TRUE(std::holds_alternative<ai::AudioDelta>(events_[2]));
  EXPECT_EQ(static_cast<LiveLeg&>(*leg_).session_id(), "live_t1");
  ASSERT_TRUE(run_until(io_, [&] { return received_.size() >= 2; }));
  EXPECT_EQ(received_[0], "session.start");
  EXPECT_EQ(received_[1], "session.input_audio.append");
  EXPECT_EQ(start_format_, json::parse(R"({"type":"audio/pcmu","rate":8000})"));

  leg_->close();
  EXPECT_FALSE(leg_->is_open());
  leg_.reset();  // the shell lets go at close(); the leg still finishes the close
  ASSERT_TRUE(run_until(io_, [&] { return server_closed_; }));
  EXPECT_EQ(received_.back(), "session.close");
  EXPECT_FALSE(failure_.has_value());
}

TEST_F(LiveLegTest, AzureKeyGoesInTheApiKeyHeader) {
  LiveOptions o;
  o.api_key = "azure-key";
  o.auth = AuthHeader::kApiKey;
  dial(o);
  EXPECT_EQ(api_key_, "azure-key");
  EXPECT_TRUE(auth_.empty());
}

TEST_F(LiveLegTest, ServerGoneIsANonFatalFailure) {
  dial(LiveOptions{});
  leg_->configure();
  ASSERT_TRUE(run_until(io_, [&] { return !events_.empty(); }));
  server_conn_->abort();
  ASSERT_TRUE(run_until(io_, [&] { return failure_.has_value(); }));
  EXPECT_FALSE(failure_->fatal);
  EXPECT_NE(failure_->description.find("live_t1"), std::string::npos);
}

// A 16 kHz PCM call (Vonage to GPT-Live): session.start names it.
TEST_F(LiveLegTest, SessionStartNamesTheCallsFormat) {
  dial(LiveOptions{}, audio::pcm16(16000));
  leg_->configure();
  ASSERT_TRUE(run_until(io_, [&] { return !received_.empty(); }));
  EXPECT_EQ(start_format_, json::parse(R"({"type":"audio/pcm","rate":16000})"));
  leg_->close();
}

}  // namespace
}  // namespace voxgate::live
