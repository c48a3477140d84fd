#pragma once
// Listener: accepts TCP connections on one endpoint and gives each its own
// strand and HttpSession.
//
// Owner: the server (shared_ptr; pending accepts hold a reference).
// Thread affinity: listen()/start() at start-up; stop() and port() from any
// thread (stop() posts to the acceptor's strand).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <memory>

#include "net/http_session.hpp"
#include "net/router.hpp"

namespace voxgate::net {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, std::shared_ptr<const Router> router,
           HttpOptions opts = {});

  // Open, bind (port 0 => ephemeral) and listen. Errors are returned.
  boost::system::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Begin accepting (after listen()).
  void start();
  // Close the acceptor; sessions already running are not touched.
  void stop();
  uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  std::shared_ptr<const Router> router_;
  HttpOptions opts_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
};

}  // namespace voxgate::net
