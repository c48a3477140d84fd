#include "server/server.hpp"

#include <boost/asio/ip/address.hpp>

#include "common/digest.hpp"
#include "net/ws_connection.hpp"
#include "server/media_routes.hpp"
#include "server/route_codec.hpp"
#include "server/twiml_route.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr uint16_t kInternalError = 1011;  // RFC 6455 7.4.1

// Constant time over the token: its length is not the secret.
bool bearer_matches(const net::HttpRequest& req, const std::string& expected) {
  const auto it = req.find(http::field::authorization);
  if (it == req.end()) return false;
  const std::string_view got = it->value();
  return common::equal_constant_time(got, expected);
}

net::HttpHandler metrics_handler(const MetricsOptions& m) {
  const std::string expected = m.token.empty() ? "" : "Bearer " + m.token;
  return [render = m.render, expected](const net::HttpRequest& req) {
    if (!expected.empty() && !bearer_matches(req, expected)) {
      auto res = net::Router::json(req, http::status::unauthorized,
                                   R"({"error":"missing or wrong bearer token"})");
      res.set(http::field::www_authenticate, "Bearer");
      return res;
    }
    net::HttpResponse res{http::status::ok, req.version()};
    res.set(http::field::content_type, "text/plain; version=0.0.4");
    res.keep_alive(req.keep_alive());
    res.body() = render();
    res.prepare_payload();
    return res;
  };
}

}  // namespace

Server::Server(boost::asio::io_context& io, ServerOptions opts) : io_(io), opts_(std::move(opts)) {
  // BEHAVIOUR 5: an oversized caller message is one counted rejection
  // (CallRunner::on_caller_oversized), not the end of the call.
  opts_.http.ws.discard_oversized = true;
}

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
  TwimlOptions twiml{opts_.public_host, opts_.validate_signature, opts_.twilio_auth_token,
                     opts_.connect_action, opts_.stream_tokens};
  twiml.signalwire_signing_key = opts_.carrier_secrets.signalwire_signing_key;
  router->add(http::verb::post, "/twiml",
              [twiml](const net::HttpRequest& req) { return twiml_response(req, twiml); });
  add_answer_routes(*router);
  for (const auto& route : media_routes()) {
    router->add_websocket(
        std::string(route.path), [media = media_, route](std::shared_ptr<net::WsConnection> conn,
                                                         const net::HttpRequest& req) {
          if (!media) return conn->close(kInternalError, "no media handler");
          media(std::move(conn), with_route(route.make_codec(), route.carrier, req.target()));
        });
  }
  if (opts_.metrics.render && opts_.metrics.listen_host.empty()) {
    router->add(http::verb::get, "/metrics", metrics_handler(opts_.metrics));
  }
  for (const auto& install : installers_) install(*router);
  return router;
}

AnswerOptions Server::answer_options() const {
  AnswerOptions answer{opts_.public_host, opts_.carrier_secrets, opts_.stream_tokens,
                       opts_.unix_clock, opts_.on_webhook_refused};
  // The continuations' routes read the transfer book: the app installs them
  // with /twiml/after (install_tool_routes).
  answer.continuation = opts_.connect_action;
  return answer;
}

void Server::add_answer_routes(net::Router& router) const {
  const AnswerOptions answer = answer_options();
  for (const auto carrier : answer_carriers()) {
    const std::string path = "/answer/" + std::string(carrier);
    auto handler = [answer, carrier](const net::HttpRequest& req) {
      return answer_response(carrier, req, answer);
    };
    router.add(http::verb::get, path, handler);
    router.add(http::verb::post, path, handler);
  }
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
  if (opts_.metrics.render && !opts_.metrics.listen_host.empty()) {
    const auto maddr = boost::asio::ip::make_address(opts_.metrics.listen_host, ec);
    if (ec) return ec;
    auto router = std::make_shared<net::Router>();
    router->add(http::verb::get, "/metrics", metrics_handler(opts_.metrics));
    metrics_listener_ = std::make_shared<net::Listener>(io_, std::move(router), opts_.http);
    if ((ec = metrics_listener_->listen({maddr, opts_.metrics.listen_port}))) {
      metrics_listener_.reset();
      listener_.reset();
      return ec;
    }
    metrics_listener_->start();
  }
  listener_->start();
  return {};
}

uint16_t Server::port() const {
  return listener_ ? listener_->port() : 0;
}

uint16_t Server::metrics_port() const {
  return metrics_listener_ ? metrics_listener_->port() : 0;
}

void Server::stop() {
  if (listener_) listener_->stop();
  if (metrics_listener_) metrics_listener_->stop();
}

}  // namespace voxgate::server
