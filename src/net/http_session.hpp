#pragma once
// HttpSession: one accepted TCP connection. Reads HTTP requests (bounded
// header and body, timeout), answers them through the Router, and hands a
// WebSocket upgrade to the route's WsHandler as a WsConnection (or writes the
// refusal the route's acceptor chose instead).
//
// Owner: itself (shared_ptr held by its pending operation; while a route has
// not answered, by the answer timer's wait: the route's reply holds only a
// weak_ptr, so a route that never answers keeps nothing alive past the
// timeout); created by the Listener. Thread affinity: the socket's strand,
// given by the Listener; a route's reply, from any thread, is posted to it.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "net/connection_limiter.hpp"
#include "net/router.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::net {

struct HttpOptions {
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 64 * 1024;
  std::chrono::milliseconds read_timeout{30000};  // per request, incl. keep-alive wait
  std::chrono::milliseconds ws_handshake_timeout{5000};
  // How long an asynchronous route may take to answer before the session
  // answers 503 for it (its late answer is dropped).
  std::chrono::milliseconds async_timeout{5000};
  WsOptions ws;  // for accepted WebSocket connections
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  // The socket's executor must be a strand (or a context one thread runs).
  HttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<const Router> router,
              HttpOptions opts);
  void start();
  // Before start(): the connection's slot with the limiter, held for the
  // connection's life (through the WebSocket too).
  void set_lease(std::shared_ptr<ConnectionLimiter::Lease> lease);
  // Before start(): read one request (within the handshake timeout), answer
  // `status` with Retry-After and close (a clear 4xx/5xx; README Security).
  void refuse(http::status status, std::chrono::seconds retry_after, std::string_view reason);

 private:
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void await_answer();  // routes req_, bounded by async_timeout
  void answer(std::uint64_t request, HttpResponse res);
  void do_write(HttpResponse res);
  void on_write(bool keep_alive, boost::system::error_code ec, std::size_t bytes);
  void do_upgrade(WsHandler handler);
  void do_shutdown();

  // passed in
  boost::beast::tcp_stream stream_;
  std::shared_ptr<const Router> router_;
  HttpOptions opts_;
  // owned
  boost::asio::steady_timer answer_timer_;
  std::uint64_t requests_ = 0;  // requests routed so far
  std::uint64_t awaiting_ = 0;  // the request whose answer is awaited; 0: none
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpRequest req_;
  std::shared_ptr<HttpResponse> res_;  // kept alive while being written
  std::shared_ptr<ConnectionLimiter::Lease> lease_;
  std::optional<HttpResponse> refusal_;
};

}  // namespace voxgate::net
