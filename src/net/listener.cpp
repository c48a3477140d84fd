#include "net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <utility>

namespace voxgate::net {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

Listener::Listener(asio::io_context& io, std::shared_ptr<const Router> router, HttpOptions opts,
                   std::shared_ptr<ConnectionLimiter> limiter, ExecutorPicker pick)
    : io_(io),
      router_(std::move(router)),
      opts_(std::move(opts)),
      limiter_(std::move(limiter)),
      pick_(std::move(pick)),
      acceptor_(asio::make_strand(io)),
      retry_timer_(acceptor_.get_executor()) {}

error_code Listener::listen(const tcp::endpoint& endpoint) {
  error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) port_ = acceptor_.local_endpoint(ec).port();
  return ec;
}

void Listener::start() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    error_code ec;
    self->acceptor_.close(ec);
    self->retry_timer_.cancel();
  });
}

void Listener::do_accept() {
  if (!acceptor_.is_open()) return;
  auto executor = pick_ ? pick_() : asio::make_strand(io_);
  acceptor_.async_accept(
      executor, boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Other accept errors (e.g. too many open files) are per-connection: go
    // on, after a short backoff so a lasting condition does not spin.
    ++accept_errors_;
    return retry_accept_later();
  }
  accept_backoff_.reset();
  open_session(std::move(socket));
  do_accept();
}

void Listener::retry_accept_later() {
  retry_timer_.expires_after(accept_backoff_.next());
  retry_timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec) self->do_accept();
  });
}

void Listener::open_session(tcp::socket socket) {
  // 20 ms media frames and marks are small writes: Nagle would hold one back
  // until the previous is ACKed, and delayed ACKs make that up to 40 ms.
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (!limiter_) {
    std::make_shared<HttpSession>(std::move(socket), router_, opts_)->start();
    return;
  }
  error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  auto decision = limiter_->admit(peer.address());
  if (!decision.lease) return;  // overloaded with refusals: close without an answer
  auto session = std::make_shared<HttpSession>(std::move(socket), router_, opts_);
  session->set_lease(std::move(decision.lease));
  if (decision.refusal != Refusal::kNone) {
    session->refuse(decision.refusal == Refusal::kCapacity ? http::status::service_unavailable
                                                           : http::status::too_many_requests,
                    decision.retry_after, to_string(decision.refusal));
  }
  session->start();
}

}  // namespace voxgate::net
