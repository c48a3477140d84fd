#include "net/ws_server.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <mutex>
#include <utility>
#include <vector>

#include "net/ws_connection.hpp"

namespace voxgate::net {

namespace {
constexpr uint16_t kGoingAway = 1001;  // RFC 6455 7.4.1: the server is going down
}  // namespace

// The router (and so this) may outlive the server: a session in flight holds
// the listener's router. `stopped` is the gate that tells them it has gone.
struct WsServer::Shared {
  std::mutex mutex;  // guards everything below
  bool stopped = false;
  WsAcceptor acceptor;
  std::vector<std::weak_ptr<WsConnection>> live;

  WsUpgrade accept(const HttpRequest& req, const std::shared_ptr<Shared>& self) {
    std::lock_guard lock(mutex);
    if (stopped) {
      return Router::json(req, http::status::service_unavailable, R"({"error":"stopping"})");
    }
    WsUpgrade answer = acceptor(req);
    auto* handler = std::get_if<WsHandler>(&answer);
    if (handler == nullptr) return answer;
    return WsHandler{[self, h = std::move(*handler)](std::shared_ptr<WsConnection> conn,
                                                     const HttpRequest& req) {
      self->open(std::move(conn), req, h);
    }};
  }

  void open(std::shared_ptr<WsConnection> conn, const HttpRequest& req, const WsHandler& h) {
    std::lock_guard lock(mutex);
    if (stopped) return conn->close(kGoingAway, "server stopping");
    std::erase_if(live, [](const auto& w) { return w.expired(); });
    live.push_back(conn);
    h(std::move(conn), req);
  }
};

WsServer::WsServer(std::shared_ptr<Shared> shared, std::shared_ptr<Listener> listener)
    : shared_(std::move(shared)), listener_(std::move(listener)) {}

common::Result<std::unique_ptr<WsServer>, std::string> WsServer::start(boost::asio::io_context& io,
                                                                       WsServerOptions opts,
                                                                       WsAcceptor acceptor) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(opts.host, ec);
  if (ec) return common::unexpected("bad listen host '" + opts.host + "': " + ec.message());
  auto shared = std::make_shared<Shared>();
  shared->acceptor = std::move(acceptor);
  auto router = std::make_shared<Router>();
  router->set_websocket_fallback(
      [shared](const HttpRequest& req) { return shared->accept(req, shared); });
  auto listener = std::make_shared<Listener>(io, std::move(router), std::move(opts.http));
  if (auto lec = listener->listen({address, opts.port})) {
    return common::unexpected("cannot listen on " + address.to_string() + ":" +
                              std::to_string(opts.port) + ": " + lec.message());
  }
  listener->start();
  return std::make_unique<WsServer>(std::move(shared), std::move(listener));
}

WsServer::~WsServer() {
  stop();
}

void WsServer::stop() {
  std::vector<std::weak_ptr<WsConnection>> live;
  {
    std::lock_guard lock(shared_->mutex);
    if (shared_->stopped) return;
    shared_->stopped = true;
    shared_->acceptor = nullptr;  // it may point at our owner
    live.swap(shared_->live);
  }
  listener_->stop();
  for (auto& weak : live) {
    if (auto c = weak.lock()) c->post([c] { c->close(kGoingAway, "server stopping"); });
  }
}

}  // namespace voxgate::net
