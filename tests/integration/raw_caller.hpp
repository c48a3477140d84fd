#pragma once
// Hand-driven Twilio callers for the bad-input and fault tests, where
// callsim is too well behaved:
// - RawCaller: an async WebSocket client run from the test thread; it reads
//   everything the server sends.
// - SyncCaller: a blocking Beast client that never reads (a stuck caller),
//   can send anything (a 10 MB frame) and can drop its socket without a
//   close frame.
// Both are used only from the test thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/ws_client.hpp"
#include "telephony/twilio/codec.hpp"

namespace voxgate::testing {

inline std::string start_message(const std::string& sid) {
  telephony::twilio::Start s;
  s.sequence = 1;
  s.stream_sid = "MZ" + sid;
  s.call_sid = "CA" + sid;
  s.account_sid = "AC1";
  s.tracks = {"inbound"};
  s.media_format = {"audio/x-mulaw", 8000, 1};
  return telephony::twilio::encode_inbound(s);
}

// 20 ms of mu-law silence as a Twilio media message.
inline std::string media_message_in(const std::string& sid, int chunk) {
  return R"({"event":"media","sequenceNumber":")" + std::to_string(chunk + 2) +
         R"(","streamSid":"MZ)" + sid + R"(","media":{"track":"inbound","chunk":")" +
         std::to_string(chunk + 1) + R"(","timestamp":")" + std::to_string(chunk * 20) +
         R"(","payload":")" + std::string(212, '/') + "/w==\"}}";  // 160 bytes of 0xFF
}

inline std::string stop_message(const std::string& sid) {
  return R"({"event":"stop","sequenceNumber":"999","streamSid":"MZ)" + sid +
         R"(","stop":{"accountSid":"AC1","callSid":"CA)" + sid + "\"}}";
}

class RawCaller {
 public:
  explicit RawCaller(uint16_t port, const std::string& path = "/media") {
    net::ClientOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(port) + path;
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
      auto e = telephony::twilio::parse_outbound(m);
      n += e && std::holds_alternative<telephony::twilio::OutMedia>(*e);
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

class SyncCaller {
 public:
  // `receive_buffer` > 0 shrinks SO_RCVBUF before connecting, so a caller
  // that never reads fills the server's queue quickly.
  // `source` binds the client side to that loopback address (127.0.0.0/8 is
  // all loopback on Linux), so one test can be several client addresses.
  explicit SyncCaller(uint16_t port, int receive_buffer = 0, const std::string& source = {})
      : ws_(io_) {
    namespace asio = boost::asio;
    auto& sock = ws_.next_layer();
    sock.open(asio::ip::tcp::v4());
    if (!source.empty()) sock.bind({asio::ip::make_address(source), 0});
    if (receive_buffer > 0) sock.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    sock.connect({asio::ip::make_address("127.0.0.1"), port});
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/media");
  }
  // False once the server has dropped us (write error).
  bool send(const std::string& text) {
    boost::system::error_code ec;
    ws_.text(true);
    ws_.write(boost::asio::buffer(text), ec);
    return !ec;
  }
  // Blocks until the server closes the WebSocket (reading and discarding
  // what it sends); the close code, or 1006 when the TCP connection just went.
  uint16_t wait_closed() {
    boost::beast::flat_buffer buf;
    boost::system::error_code ec;
    while (!ec) {
      ws_.read(buf, ec);
      buf.consume(buf.size());
    }
    return ec == boost::beast::websocket::error::closed ? ws_.reason().code : 1006;
  }
  void drop() {  // no close frame, no stop: the TCP connection just goes
    boost::system::error_code ec;
    ws_.next_layer().close(ec);
  }

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
};

}  // namespace voxgate::testing
