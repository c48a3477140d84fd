#include "server/server.hpp"

#include <boost/asio/ip/address.hpp>

#include "net/ws_connection.hpp"
#include "server/twiml_route.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr uint16_t kInternalError = 1011;  // RFC 6455 7.4.1
}

Server::Server(boost::asio::io_context& io, ServerOptions opts) : io_(io), opts_(std::move(opts)) {}

Server::~Server() {
  stop();
}

void Server::set_media_handler(MediaHandler handler) {
  media_ = std::move(handler);
}

void Server::add_routes(std::function<void(net::Router&)> installer) {
  installers_.push_back(std::move(installer));
}

std::shared_ptr<net::Router> Server::make_router() const {
  auto router = std::make_shared<net::Router>();
  router->add(http::verb::get, "/healthz", [](const net::HttpRequest& req) {
    return net::Router::json(req, http::status::ok, R"({"status":"ok"})");
  });
  router->add(
      http::verb::post, "/twiml",
      [twiml = TwimlOptions{opts_.public_host, opts_.validate_signature, opts_.twilio_auth_token,
                            opts_.connect_action, opts_.stream_tokens}](
          const net::HttpRequest& req) { return twiml_response(req, twiml); });
  router->add_websocket("/media", [media = media_](std::shared_ptr<net::WsConnection> conn,
                                                   const net::HttpRequest& req) {
    if (!media) return conn->close(kInternalError, "no media handler");
    media(std::move(conn), req);
  });
  for (const auto& install : installers_) install(*router);
  return router;
}

error_code Server::start() {
  error_code ec;
  const auto addr = boost::asio::ip::make_address(opts_.host, ec);
  if (ec) return ec;
  listener_ = std::make_shared<net::Listener>(
      io_, make_router(), opts_.http,
      opts_.limits ? net::ConnectionLimiter::make(*opts_.limits) : nullptr,
      opts_.connection_executor);
  ec = listener_->listen({addr, opts_.port});
  if (ec) {
    listener_.reset();
    return ec;
  }
  listener_->start();
  return {};
}

uint16_t Server::port() const {
  return listener_ ? listener_->port() : 0;
}

void Server::stop() {
  if (listener_) listener_->stop();
}

}  // namespace voxgate::server
