#include "tls_echo_server.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <utility>

#include "net/ws_connection.hpp"

namespace voxgate::net::test {

namespace ssl = asio::ssl;

struct TlsEchoServer::State {
  explicit State(asio::io_context& io)
      : ctx(ssl::context::tls_server), acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}) {}
  ssl::context ctx;
  asio::ip::tcp::acceptor acceptor;
  std::shared_ptr<WsConnection> conn;
};

TlsEchoServer::TlsEchoServer(asio::io_context& io, const CertPair& cert)
    : st_(std::make_shared<State>(io)) {
  st_->ctx.use_certificate_chain(asio::buffer(cert.cert_pem));
  st_->ctx.use_private_key(asio::buffer(cert.key_pem), ssl::context::pem);
  st_->acceptor.async_accept(
      asio::make_strand(io), [st = st_](beast::error_code ec, asio::ip::tcp::socket s) {
        if (ec) return;
        auto ws = std::make_shared<TlsWs>(std::move(s), st->ctx);
        beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
        ws->next_layer().async_handshake(ssl::stream_base::server, [st, ws](beast::error_code ec) {
          if (ec) return;
          ws->async_accept([st, ws](beast::error_code ec) {
            if (ec) return;
            st->conn = WsConnection::make(std::move(*ws), {}, st);
            std::weak_ptr<WsConnection> weak = st->conn;
            st->conn->start({[weak](std::string_view t) {
                               if (auto c = weak.lock()) c->send(std::string(t));
                             },
                             {}});
          });
        });
      });
}

TlsEchoServer::~TlsEchoServer() {
  beast::error_code ec;
  st_->acceptor.close(ec);
  st_->conn.reset();
}

uint16_t TlsEchoServer::port() const {
  return st_->acceptor.local_endpoint().port();
}

}  // namespace voxgate::net::test
