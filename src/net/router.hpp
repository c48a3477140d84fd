#pragma once
// Router: maps (method, path) to HTTP handlers and paths to WebSocket
// handlers for the Listener's sessions.
//
// Owner: built by the server at start-up, then shared (const) by every
// HttpSession. Thread affinity: add*() before the listener starts; route()
// and find_websocket() are const and safe from any strand concurrently.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace voxgate::net {

class WsConnection;

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Called on the session's strand; must not block. An exception becomes a 500.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
// Called on the new connection's strand after the upgrade was accepted.
using WsHandler = std::function<void(std::shared_ptr<WsConnection>, const HttpRequest&)>;

class Router {
 public:
  void add(http::verb method, std::string path, HttpHandler handler);
  void add_websocket(std::string path, WsHandler handler);
  // Upgrades on any path no add_websocket() route claims (the local agent
  // answers on whatever path a Realtime client uses, e.g. /v1/realtime).
  void set_websocket_fallback(WsHandler handler);

  // Answer an ordinary HTTP request: the handler's response, 404 (unknown
  // path), 405 (known path, other method) or 426 (WebSocket path without an
  // upgrade). Version and keep-alive are copied from the request.
  HttpResponse route(const HttpRequest& req) const;

  // The WebSocket handler for the request target, the fallback, or nullptr.
  const WsHandler* find_websocket(std::string_view target) const;

  // The path part of a request target (the query string is ignored).
  static std::string_view path_of(std::string_view target);

  // A response with a JSON body, version/keep-alive taken from req.
  static HttpResponse json(const HttpRequest& req, http::status status, std::string body);

 private:
  std::map<std::string, std::map<http::verb, HttpHandler>, std::less<>> http_;
  std::map<std::string, WsHandler, std::less<>> ws_;
  WsHandler ws_fallback_;
};

}  // namespace voxgate::net
