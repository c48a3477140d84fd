#include "net/ws_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream_base.hpp>
#include <optional>

#include "net/client_target.hpp"

namespace voxgate::net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;
using boost::system::error_code;

std::string_view to_string(ConnectError::Kind kind) {
  switch (kind) {
    case ConnectError::Kind::kBadUrl:
      return "bad_url";
    case ConnectError::Kind::kResolve:
      return "resolve";
    case ConnectError::Kind::kRefused:
      return "refused";
    case ConnectError::Kind::kTimeout:
      return "timeout";
    case ConnectError::Kind::kTls:
      return "tls";
    case ConnectError::Kind::kHandshakeStatus:
      return "handshake_status";
    case ConnectError::Kind::kProtocol:
      return "protocol";
    case ConnectError::Kind::kClosed:
      return "closed";
  }
  return "unknown";
}

namespace {

using Kind = ConnectError::Kind;

// One connection attempt; owns the sockets until it hands them over.
class ConnectOp : public std::enable_shared_from_this<ConnectOp> {
 public:
  ConnectOp(asio::any_io_executor strand, ClientOptions opts,
            std::function<void(ConnectResult)> done)
      : strand_(strand),
        opts_(std::move(opts)),
        done_(std::move(done)),
        resolver_(strand),
        timer_(strand) {}

  void run() {
    if (!parse_url()) return;
    timer_.expires_after(opts_.connect_timeout);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec) return;  // cancelled: resolve finished first
      self->resolve_timed_out_ = true;
      self->resolver_.cancel();
    });
    resolver_.async_resolve(host_, port_,
                            beast::bind_front_handler(&ConnectOp::on_resolve, shared_from_this()));
  }

 private:
  bool parse_url() {
    auto t = parse_client_target(opts_.url, "ws", "wss");
    if (!t) return fail(Kind::kBadUrl, t.error()), false;
    secure_ = t->secure;
    host_ = std::move(t->host);
    port_ = std::move(t->port);
    host_header_ = std::move(t->host_header);
    target_ = std::move(t->target);
    return true;
  }

  beast::tcp_stream& lowest() {
    return tls_ ? beast::get_lowest_layer(*tls_) : beast::get_lowest_layer(*plain_);
  }

  void on_resolve(error_code ec, tcp::resolver::results_type results) {
    timer_.cancel();
    if (ec) return fail(resolve_timed_out_ ? Kind::kTimeout : Kind::kResolve, ec.message());
    if (secure_) {
      if (!make_tls()) return;
    } else {
      plain_.emplace(strand_);
    }
    lowest().expires_after(opts_.connect_timeout);
    lowest().async_connect(results,
                           beast::bind_front_handler(&ConnectOp::on_connect, shared_from_this()));
  }

  bool make_tls() {
    error_code ec;
    ctx_ = make_client_tls(opts_.ca_file, opts_.verify_peer, ec);
    if (!ctx_) return fail(Kind::kTls, "trust store: " + ec.message()), false;
    tls_.emplace(strand_, *ctx_);
    return true;
  }

  void on_connect(error_code ec, const tcp::endpoint&) {
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "connect timed out");
    if (ec) return fail(Kind::kRefused, ec.message());
    // Small frames both ways (appends, cancels): no Nagle delay (listener.cpp).
    error_code ignored;
    lowest().socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    if (!secure_) return do_ws_handshake();
    SSL* ssl = tls_->next_layer().native_handle();
    error_code addr_ec;
    asio::ip::make_address(host_, addr_ec);
    // SNI carries names only (RFC 6066 3); an IP literal is verified as such.
    if (addr_ec && !SSL_set_tlsext_host_name(ssl, host_.c_str())) {
      return fail(Kind::kTls, "cannot set SNI");
    }
    if (opts_.verify_peer)
      tls_->next_layer().set_verify_callback(ssl::host_name_verification(host_));
    lowest().expires_after(opts_.handshake_timeout);
    tls_->next_layer().async_handshake(
        ssl::stream_base::client,
        beast::bind_front_handler(&ConnectOp::on_tls_handshake, shared_from_this()));
  }

  void on_tls_handshake(error_code ec) {
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "TLS handshake timed out");
    if (ec) return fail(Kind::kTls, ec.message());
    do_ws_handshake();
  }

  template <typename Ws>
  void ws_handshake(Ws& ws) {
    beast::get_lowest_layer(ws).expires_never();
    auto t = websocket::stream_base::timeout::suggested(beast::role_type::client);
    t.handshake_timeout = opts_.handshake_timeout;
    ws.set_option(t);
    ws.set_option(
        websocket::stream_base::decorator([headers = opts_.headers](websocket::request_type& req) {
          req.set(beast::http::field::user_agent, "voxgate");
          for (const auto& [name, value] : headers) req.set(name, value);
        }));
    ws.async_handshake(res_, host_header_, target_,
                       beast::bind_front_handler(&ConnectOp::on_ws_handshake, shared_from_this()));
  }

  void do_ws_handshake() {
    if (tls_) return ws_handshake(*tls_);
    ws_handshake(*plain_);
  }

  void on_ws_handshake(error_code ec) {
    if (ec == websocket::error::upgrade_declined) {
      ConnectError e{Kind::kHandshakeStatus, static_cast<int>(res_.result_int()),
                     "upgrade declined with HTTP " + std::to_string(res_.result_int())};
      return finish(common::unexpected(std::move(e)));
    }
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "WebSocket handshake timed out");
    if (ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      return fail(Kind::kClosed, ec.message());
    }
    if (ec) return fail(Kind::kProtocol, ec.message());
    std::shared_ptr<WsConnection> conn = tls_ ? WsConnection::make(std::move(*tls_), opts_.ws, ctx_)
                                              : WsConnection::make(std::move(*plain_), opts_.ws);
    finish(std::move(conn));
  }

  void fail(Kind kind, std::string message) {
    finish(common::unexpected(ConnectError{kind, 0, std::move(message)}));
  }

  void finish(ConnectResult result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  // passed in
  asio::any_io_executor strand_;
  ClientOptions opts_;
  std::function<void(ConnectResult)> done_;
  // owned
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  std::shared_ptr<ssl::context> ctx_;
  std::optional<PlainWs> plain_;
  std::optional<TlsWs> tls_;
  websocket::response_type res_;
  // state
  bool secure_ = false;
  bool resolve_timed_out_ = false;
  std::string host_, port_, host_header_, target_;
};

}  // namespace

void WsClient::connect(asio::any_io_executor strand, ClientOptions opts,
                       std::function<void(ConnectResult)> done) {
  auto op = std::make_shared<ConnectOp>(strand, std::move(opts), std::move(done));
  asio::post(strand, [op] { op->run(); });
}

}  // namespace voxgate::net
