#pragma once
// Listener: accepts TCP connections on one endpoint and gives each its own
// executor (a new strand, or one the owner picks: net/io_pool.hpp) and
// HttpSession.
//
// Owner: the server (shared_ptr; pending accepts hold a reference).
// Thread affinity: listen()/start() at start-up; stop() and port() from any
// thread (stop() posts to the acceptor's strand).

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "net/backoff.hpp"
#include "net/connection_limiter.hpp"
#include "net/http_session.hpp"
#include "net/router.hpp"

namespace voxgate::net {

// Gives the executor a new connection runs on; it must be a strand or the
// executor of a context run by one thread.
using ExecutorPicker = std::function<boost::asio::any_io_executor()>;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // `limiter` (may be null: no limits) admits or refuses each connection.
  // `pick` (may be empty: a new strand of `io` each) places each connection.
  Listener(boost::asio::io_context& io, std::shared_ptr<const Router> router, HttpOptions opts = {},
           std::shared_ptr<ConnectionLimiter> limiter = nullptr, ExecutorPicker pick = {});

  // Open, bind (port 0 => ephemeral) and listen. Errors are returned.
  boost::system::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Begin accepting (after listen()).
  void start();
  // Close the acceptor; sessions already running are not touched.
  void stop();
  uint16_t port() const { return port_; }
  // Accept errors seen so far (each is followed by a backoff, not a spin).
  uint64_t accept_errors() const { return accept_errors_.load(); }

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void open_session(boost::asio::ip::tcp::socket socket);
  void retry_accept_later();

  boost::asio::io_context& io_;
  std::shared_ptr<const Router> router_;
  HttpOptions opts_;
  std::shared_ptr<ConnectionLimiter> limiter_;
  ExecutorPicker pick_;
  boost::asio::ip::tcp::acceptor acceptor_;
  // After an accept error (e.g. EMFILE) the next accept waits a little:
  // retrying at once would spin while the condition lasts.
  boost::asio::steady_timer retry_timer_;
  Backoff accept_backoff_{
      {std::chrono::milliseconds(10), std::chrono::milliseconds(1000), 2.0, 0.2}};
  uint16_t port_ = 0;
  std::atomic<uint64_t> accept_errors_{0};
};

}  // namespace voxgate::net
