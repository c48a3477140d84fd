#include "scripted_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

namespace voxgate::callsim::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using asio::ip::tcp;

namespace {

std::string media(const std::string& sid, const std::string& payload) {
  return json::serialize(json::object{
      {"event", "media"}, {"streamSid", sid}, {"media", json::object{{"payload", payload}}}});
}

std::string mark(const std::string& sid, const std::string& name) {
  return json::serialize(
      json::object{{"event", "mark"}, {"streamSid", sid}, {"mark", json::object{{"name", name}}}});
}

}  // namespace

ScriptedServer::ScriptedServer(Script script)
    : script_(script), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
  asio::co_spawn(ioc_, accept_loop(), asio::detached);
  thread_ = std::thread([this] { ioc_.run(); });
}

ScriptedServer::~ScriptedServer() {
  ioc_.stop();
  thread_.join();
}

std::string ScriptedServer::url() const {
  return "ws://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/media";
}

std::vector<std::vector<json::object>> ScriptedServer::received() {
  std::lock_guard lock(mu_);
  return received_;
}

asio::awaitable<void> ScriptedServer::accept_loop() {
  for (;;) {
    tcp::socket s = co_await acceptor_.async_accept(asio::use_awaitable);
    s.set_option(tcp::no_delay(true));
    size_t conn = 0;
    {
      std::lock_guard lock(mu_);
      conn = received_.size();
      received_.emplace_back();
    }
    asio::co_spawn(ioc_, session(std::move(s), conn), asio::detached);
  }
}

std::vector<std::string> ScriptedServer::respond(const json::object& m, std::string& sid) {
  const std::string event(m.at("event").as_string());
  if (event == "start") {
    sid = std::string(m.at("streamSid").as_string());
    if (script_ == Script::kGarbage) {
      return {"not json", media("MZwrong", "AAAA"), json::serialize(json::object{{"event", "x"}})};
    }
    if (script_ != Script::kEchoMarksClear) return {};
    // 1 s of audio: 8000 bytes, base64 of 0xFF bytes.
    std::string greeting(10666, '/');  // 2666 groups of 0xFFFFFF, then 0xFFFF
    greeting += "8=";
    return {media(sid, greeting), mark(sid, "greeting")};
  }
  if (event != "media") return {};
  std::vector<std::string> out{media(sid, std::string(m.at("media").at("payload").as_string()))};
  const std::string chunk(m.at("media").at("chunk").as_string());
  if (script_ == Script::kEchoMarksClear && chunk == "10") {
    out.push_back(json::serialize(json::object{{"event", "clear"}, {"streamSid", sid}}));
  }
  if (script_ == Script::kEchoMarksClear && chunk == "20") out.push_back(mark(sid, "m20"));
  return out;
}

std::vector<std::pair<std::string, bool>> ScriptedServer::respond_vonage(const std::string& data,
                                                                         bool binary,
                                                                         int binary_seen) {
  if (binary) {
    std::vector<std::pair<std::string, bool>> out{{data, true}};
    if (binary_seen == 10) out.emplace_back(R"({"action":"clear"})", false);
    return out;
  }
  if (json::parse(data).at("event") != "websocket:connected") return {};
  return {{std::string(16000, '\0'), true},  // 1 s at 8 kHz
          {R"({"action":"notify","payload":{"name":"greeting"}})", false}};
}

asio::awaitable<void> ScriptedServer::session(tcp::socket s, size_t conn) {
  websocket::stream<beast::tcp_stream> ws(std::move(s));
  boost::system::error_code ec;
  co_await ws.async_accept(asio::redirect_error(asio::use_awaitable, ec));
  beast::flat_buffer buf;
  std::string sid;
  int media_seen = 0;
  while (!ec) {
    co_await ws.async_read(buf, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    if (script_ == Script::kVonageEcho) {
      const bool binary = ws.got_binary();
      const std::string data = beast::buffers_to_string(buf.data());
      buf.consume(buf.size());
      {
        std::lock_guard lock(mu_);
        received_[conn].push_back(binary ? json::object{{"binary", data.size()}}
                                         : json::parse(data).as_object());
      }
      for (const auto& [reply, as_binary] :
           respond_vonage(data, binary, binary ? ++media_seen : media_seen)) {
        ws.binary(as_binary);
        co_await ws.async_write(asio::buffer(reply), asio::redirect_error(asio::use_awaitable, ec));
      }
      continue;
    }
    json::object m = json::parse(beast::buffers_to_string(buf.data())).as_object();
    buf.consume(buf.size());
    {
      std::lock_guard lock(mu_);
      received_[conn].push_back(m);
    }
    if (m.at("event") == "stop" && script_ == Script::kDeafAfterStop) {
      asio::steady_timer never(ioc_, std::chrono::hours(1));  // ~ScriptedServer stops it
      co_await never.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    if (m.at("event") == "media" && ++media_seen == 10 && script_ == Script::kHangUpEarly) {
      co_await ws.async_close(websocket::close_code::normal,
                              asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    ws.text(true);
    for (const std::string& text : respond(m, sid)) {
      co_await ws.async_write(asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
    }
  }
}

}  // namespace voxgate::callsim::test
