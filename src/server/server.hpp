#pragma once
// Server: the HTTP/WebSocket front of voxgate. Owns the Listener and its
// Router: GET /healthz, POST /twiml (Twilio voice webhook), GET/POST
// /answer/<carrier> (the other carriers' answer webhooks, answer_route.hpp),
// and one media stream WebSocket per carrier route (media_routes.hpp:
// /media/twilio, and /media for Twilio), handed to the media handler with the
// route's codec (the stream token from the URL's query filled into a start
// that has none, and the route's carrier: route_codec.hpp).
//
// Owner: the app. Thread affinity: construct, set_media_handler() and
// start() before the io_context threads run requests; stop() and port()
// from any thread.

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bridge/stream_token.hpp"
#include "common/clock.hpp"
#include "net/connection_limiter.hpp"
#include "net/http_session.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"
#include "server/answer_route.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::server {

// GET /metrics (Prometheus text). Kept off the public listener when
// listen_host is set (README "Security"): it is then served by a listener of
// its own and the main listener answers 404 on /metrics.
struct MetricsOptions {
  std::function<std::string()> render;  // the exposition text; empty: no /metrics
  std::string listen_host;              // an IP address; empty: on the main listener
  uint16_t listen_port = 0;             // 0 => ephemeral
  std::string token;                    // bearer token required (empty: none); secret
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IP address to bind
  uint16_t port = 8080;            // 0 => ephemeral
  std::string public_host;         // host[:port] Twilio reaches us at (for TwiML)
  // Twilio webhook signing (PROTOCOLS.md): when validate_signature is set,
  // POST /twiml without a valid X-Twilio-Signature gets 403.
  bool validate_signature = false;
  std::string twilio_auth_token;  // secret: never logged
  bool connect_action = false;    // transfer: /twiml sets <Connect action=".../twiml/after">
  // Issues the per-call stream token into the TwiML; null: none. Outlives
  // the server.
  const bridge::StreamTokens* stream_tokens = nullptr;
  // The other carriers' answer webhooks (/answer/<carrier>, answer_route.hpp):
  // their signature secrets (each empty: that check off), Unix time for the
  // signatures' freshness (null: the system clock; outlives the server), and
  // a count of the webhooks refused, by carrier.
  CarrierSecrets carrier_secrets;
  const common::Clock* unix_clock = nullptr;
  std::function<void(std::string_view carrier)> on_webhook_refused;
  net::HttpOptions http;
  // Per-IP handshake and total connection limits; unset: none.
  std::optional<net::ConnectionLimits> limits;
  // Places each accepted connection (net/io_pool.hpp); empty: a new strand
  // of the server's io_context each.
  net::ExecutorPicker connection_executor;
  MetricsOptions metrics;
};

// Called on the media connection's strand with a codec for the route's
// carrier dialect.
using MediaHandler = std::function<void(std::shared_ptr<net::WsConnection> conn,
                                        std::unique_ptr<telephony::CallerCodec> codec)>;

class Server {
 public:
  Server(boost::asio::io_context& io, ServerOptions opts);
  ~Server();

  void set_media_handler(MediaHandler handler);  // before start()
  // More routes (metrics, readiness, API): each installer runs on the router
  // when start() builds it.
  void add_routes(std::function<void(net::Router&)> installer);  // before start()
  // Binds, listens and accepts: the main listener, and the metrics listener
  // when MetricsOptions::listen_host is set (an error from either is returned).
  boost::system::error_code start();
  uint16_t port() const;          // the bound port after start()
  uint16_t metrics_port() const;  // the metrics listener's; 0 without one
  void stop();                    // stop accepting
  // The router start() would serve, built from the routes and installers set
  // so far (fuzz/http_routes_fuzz.cpp drives it without sockets).
  std::shared_ptr<net::Router> build_router() const { return make_router(); }
  // What /answer/<carrier> answers with; the app's continuation routes
  // (/answer/<carrier>/after, beside /twiml/after) check webhooks the same way.
  AnswerOptions answer_options() const;

 private:
  std::shared_ptr<net::Router> make_router() const;
  void add_answer_routes(net::Router& router) const;

  boost::asio::io_context& io_;
  ServerOptions opts_;
  MediaHandler media_;
  std::vector<std::function<void(net::Router&)>> installers_;
  std::shared_ptr<net::Listener> listener_;
  std::shared_ptr<net::Listener> metrics_listener_;
};

}  // namespace voxgate::server
