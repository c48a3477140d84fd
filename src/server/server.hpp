#pragma once
// Server: the HTTP/WebSocket front of voxgate. Owns the Listener and its
// Router: GET /healthz, POST /twiml (Twilio voice webhook), GET /media
// (Twilio Media Streams WebSocket, handed to the media handler).
//
// Owner: the app. Thread affinity: construct, set_media_handler() and
// start() before the io_context threads run requests; stop() and port()
// from any thread.

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "net/http_session.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"

namespace voxgate::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address to bind
  uint16_t port = 8080;            // 0 => ephemeral
  std::string public_host;         // host[:port] Twilio reaches us at (for TwiML)
  net::HttpOptions http;
};

// Called on the media connection's strand with the upgrade request.
using MediaHandler = net::WsHandler;

class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions opts);
  ~Server();

  void set_media_handler(MediaHandler handler);  // before start()
  boost::system::error_code start();             // bind, listen, accept
  uint16_t port() const;                         // the bound port after start()
  void stop();                                   // stop accepting

 private:
  std::shared_ptr<net::Router> make_router() const;

  boost::asio::io_context& io_;
  ServerOptions opts_;
  MediaHandler media_;
  std::shared_ptr<net::Listener> listener_;
};

}  // namespace voxgate::server
