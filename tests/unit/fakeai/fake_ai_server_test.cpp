// Loopback: a plain Beast client against FakeAiServer on an ephemeral port.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <thread>

#include "fakeai/server.hpp"

namespace voxgate::fakeai {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

class ServerFixture : public ::testing::Test {
 protected:
  void start(Script script) {
    server_.emplace(ioc_, std::move(script));
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    work_.reset();
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
  }
  // Returns the error of the handshake (empty on success).
  beast::error_code connect(websocket::stream<tcp::socket>& ws, const std::string& target,
                            const std::string& auth = "") {
    ws.next_layer().connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server_->port()));
    ws.set_option(websocket::stream_base::decorator([auth](websocket::request_type& req) {
      if (!auth.empty()) req.set(beast::http::field::authorization, "Bearer " + auth);
    }));
    beast::error_code ec;
    ws.handshake("127.0.0.1", target, ec);
    return ec;
  }
  static std::string read_type(websocket::stream<tcp::socket>& ws) {
    beast::flat_buffer buf;
    ws.read(buf);
    auto v = boost::json::parse(beast::buffers_to_string(buf.data()));
    return std::string(v.at("type").as_string());
  }

  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(ioc_)};
  std::optional<FakeAiServer> server_;
  std::thread thread_;
};

TEST_F(ServerFixture, SessionCreatedThenUpdatedAfterSessionUpdate) {
  start(Script{});
  boost::asio::io_context client_ioc;
  websocket::stream<tcp::socket> ws(client_ioc);
  ASSERT_FALSE(connect(ws, "/v1/realtime?model=gpt-realtime"));
  EXPECT_EQ(read_type(ws), "session.created");
  ws.text(true);
  ws.write(boost::asio::buffer(
      std::string(R"({"type":"session.update","session":{"type":"realtime"}})")));
  EXPECT_EQ(read_type(ws), "session.updated");
  auto stats = server_->stats();
  EXPECT_EQ(stats.connections, 1u);
  EXPECT_EQ(stats.received("session.update"), 1u);
  ws.close(websocket::close_code::normal);
}

TEST_F(ServerFixture, RequireAuthRefusesWithoutTheBearerToken) {
  auto script = Script::from_toml("require_auth = \"sk-test\"");
  ASSERT_TRUE(script);
  start(std::move(*script));
  boost::asio::io_context client_ioc;
  websocket::stream<tcp::socket> refused(client_ioc);
  EXPECT_EQ(connect(refused, "/v1/realtime"), websocket::error::upgrade_declined);
  websocket::stream<tcp::socket> ok(client_ioc);
  ASSERT_FALSE(connect(ok, "/v1/realtime", "sk-test"));
  EXPECT_EQ(read_type(ok), "session.created");
  EXPECT_EQ(server_->stats().refused, 1u);
}

// GPT-Live mode: /v1/live/sessions only; nothing until session.start.
TEST_F(ServerFixture, LiveModeServesLiveSessionsAndRefusesOtherPaths) {
  Script script;
  script.set_protocol(ScriptProtocol::kLive);
  start(std::move(script));
  boost::asio::io_context client_ioc;
  websocket::stream<tcp::socket> wrong(client_ioc);
  EXPECT_EQ(connect(wrong, "/v1/realtime"), websocket::error::upgrade_declined);
  websocket::stream<tcp::socket> ws(client_ioc);
  ASSERT_FALSE(connect(ws, "/v1/live/sessions"));
  ws.text(true);
  ws.write(boost::asio::buffer(
      std::string(R"({"type":"session.start","session":{"model":"gpt-live-1","audio":{"format":)"
                  R"({"type":"audio/pcmu","rate":8000}}}})")));
  EXPECT_EQ(read_type(ws), "session.started");
  EXPECT_EQ(read_type(ws), "session.output_audio.delta");  // the stream has begun
  ws.write(boost::asio::buffer(std::string(R"({"type":"session.close"})")));
  std::string type;
  do type = read_type(ws);
  while (type == "session.output_audio.delta");
  EXPECT_EQ(type, "session.closed");
  EXPECT_EQ(server_->stats().live_formats.count("audio/pcmu@8000"), 1u);
}

}  // namespace
}  // namespace voxgate::fakeai
