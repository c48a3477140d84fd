#include "net/http_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <utility>

namespace voxgate::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

HttpSession::HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Router> router,
                         HttpOptions opts)
    : stream_(std::move(socket)),
      router_(std::move(router)),
      opts_(std::move(opts)),
      answer_timer_(stream_.get_executor()) {}

void HttpSession::start() {
  do_read();
}

void HttpSession::set_lease(std::shared_ptr<ConnectionLimiter::Lease> lease) {
  lease_ = std::move(lease);
}

void HttpSession::refuse(http::status status, std::chrono::seconds retry_after,
                         std::string_view reason) {
  HttpRequest stub;
  stub.version(11);
  stub.keep_alive(false);
  refusal_ = Router::json(stub, status,
                          std::string(R"({"error":"connection refused","reason":")") +
                              std::string(reason) + R"(","retry_after_s":)" +
                              std::to_string(retry_after.count()) + "}");
  refusal_->set(http::field::retry_after, std::to_string(retry_after.count()));
  refusal_->keep_alive(false);
  refusal_->prepare_payload();
  // A refused client gets no more time than a handshake.
  opts_.read_timeout = std::min(opts_.read_timeout, opts_.ws_handshake_timeout);
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(opts_.header_limit));
  parser_->body_limit(opts_.body_limit);
  stream_.expires_after(opts_.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_shutdown();
  if (ec == http::error::body_limit || ec == http::error::header_limit) {
    HttpRequest stub;
    stub.version(11);
    stub.keep_alive(false);
    return do_write(
        Router::json(stub, http::status::payload_too_large, R"({"error":"request too large"})"));
  }
  if (ec) return;  // timeout, reset, bad request: drop the connection
  if (refusal_) return do_write(std::move(*refusal_));
  req_ = parser_->release();
  if (websocket::is_upgrade(req_)) {
    if (auto answer = router_->accept_websocket(req_)) {
      if (auto* handler = std::get_if<WsHandler>(&*answer)) return do_upgrade(std::move(*handler));
      auto& refusal = std::get<HttpResponse>(*answer);
      refusal.keep_alive(false);  // the upgrade is refused: nothing more to say
      refusal.prepare_payload();
      return do_write(std::move(refusal));
    }
  }
  await_answer();
}

void HttpSession::await_answer() {
  const std::uint64_t id = ++requests_;
  awaiting_ = id;
  answer_timer_.expires_after(opts_.async_timeout);
  answer_timer_.async_wait([self = shared_from_this(), id](error_code ec) {
    if (ec) return;  // answered in time
    self->answer(id, Router::json(self->req_, http::status::service_unavailable,
                                  R"({"error":"no answer in time"})"));
  });
  std::weak_ptr<HttpSession> weak = weak_from_this();
  router_->route_async(req_, [weak, ex = stream_.get_executor(), id](HttpResponse res) {
    boost::asio::post(ex, [weak, id, res = std::move(res)]() mutable {
      if (auto self = weak.lock()) self->answer(id, std::move(res));
    });
  });
}

void HttpSession::answer(std::uint64_t request, HttpResponse res) {
  if (awaiting_ != request) return;  // answered already, or timed out
  awaiting_ = 0;
  answer_timer_.cancel();
  do_write(std::move(res));
}

void HttpSession::do_write(HttpResponse res) {
  const bool keep_alive = res.keep_alive();
  res_ = std::make_shared<HttpResponse>(std::move(res));
  http::async_write(
      stream_, *res_,
      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, error_code ec, std::size_t) {
  res_.reset();
  if (lease_) lease_->handshake_done();  // the first request is answered
  if (ec) return;
  if (!keep_alive) return do_shutdown();
  do_read();
}

void HttpSession::do_upgrade(WsHandler handler) {
  auto ws = std::make_shared<PlainWs>(std::move(stream_));
  beast::get_lowest_layer(*ws).expires_never();
  websocket::stream_base::timeout t =
      websocket::stream_base::timeout::suggested(beast::role_type::server);
  t.handshake_timeout = opts_.ws_handshake_timeout;
  ws->set_option(t);
  ws->read_message_max(opts_.ws.read_message_max);
  ws->async_accept(req_,
                   [self = shared_from_this(), ws, handler = std::move(handler)](error_code ec) {
                     if (ec) return;  // handshake failed or timed out; nothing to tell
                     if (self->lease_) self->lease_->handshake_done();
                     // The lease lives as long as the WebSocket: it is an open connection.
                     auto conn = WsConnection::make(std::move(*ws), self->opts_.ws, self->lease_);
                     handler(std::move(conn), self->req_);
                   });
}

void HttpSession::do_shutdown() {
  error_code ec;
  stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace voxgate::net
