#pragma once
// Router: maps (method, path) to HTTP handlers and paths to WebSocket
// handlers for the Listener's sessions.
//
// Owner: built by the server at start-up, then shared (const) by every
// HttpSession. Thread affinity: add*() before the listener starts; route()
// and accept_websocket() are const and safe from any strand concurrently
// (a fallback acceptor must be safe so too).

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace voxgate::net {

class WsConnection;

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Called on the session's strand; must not block. An exception becomes a 500.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;
// An asynchronous route's answer: call it once, from any thread (the session
// posts the response to its own strand); later calls are ignored.
using HttpAnswer = std::function<void(HttpResponse)>;
// Called on the session's strand; must not block: it starts the work (e.g. a
// Redis command) and answers through `reply` when done. The session bounds
// the wait (HttpOptions::async_timeout, then 503). An exception thrown before
// it returns becomes a 500.
using AsyncHttpHandler = std::function<void(const HttpRequest&, HttpAnswer)>;
// Called on the new connection's strand after the upgrade was accepted.
using WsHandler = std::function<void(std::shared_ptr<WsConnection>, const HttpRequest&)>;
// An upgrade's answer, decided before it is sent: the handler for the
// upgraded connection, or a response that refuses the upgrade.
using WsUpgrade = std::variant<WsHandler, HttpResponse>;
// Called on the new connection's strand with the upgrade request; must not
// block. Lets a server pick a session per request, or refuse with a status
// (admission; fakeai's scripted refusals, tools/fakeai/README.md).
using WsAcceptor = std::function<WsUpgrade(const HttpRequest&)>;

class Router {
 public:
  void add(http::verb method, std::string path, HttpHandler handler);
  // Every path that starts with `prefix` (plain string prefix: "/api/calls"
  // also matches "/api/callsX", so the handler checks the rest). An exact
  // add() route for the method wins; among prefixes the longest wins.
  void add_prefix(http::verb method, std::string prefix, HttpHandler handler);
  // The same for routes that answer later (AsyncHttpHandler).
  void add_async(http::verb method, std::string path, AsyncHttpHandler handler);
  void add_async_prefix(http::verb method, std::string prefix, AsyncHttpHandler handler);
  void add_websocket(std::string path, WsHandler handler);
  // Upgrades on any path no add_websocket() route claims (the local agent
  // answers on whatever path a Realtime client uses, e.g. /v1/realtime).
  void set_websocket_fallback(WsHandler handler);
  // The same, deciding each upgrade before it is answered.
  void set_websocket_fallback(WsAcceptor acceptor);

  // Answer an ordinary HTTP request: the handler's response, 404 (unknown
  // path), 405 with Allow (the path has exact or prefix routes, but only for
  // other methods) or 426 (WebSocket path without an upgrade). Version and
  // keep-alive are copied from the request.
  // An asynchronous route's answer counts only if it came before route()
  // returns; otherwise 503 (fuzzers and tests without a session).
  HttpResponse route(const HttpRequest& req) const;
  // The same for every route, answering through `reply` (once, maybe from
  // another thread for an asynchronous route; at once for the others). The
  // response's version and keep-alive are the request's.
  void route_async(const HttpRequest& req, HttpAnswer reply) const;

  // The answer to an upgrade request: its path's handler, the fallback's
  // answer, or nullopt (no WebSocket there: route() answers it).
  std::optional<WsUpgrade> accept_websocket(const HttpRequest& req) const;

  // The path part of a request target (the query string is ignored).
  static std::string_view path_of(std::string_view target);

  // The decoded name/value pairs of a query string or an
  // application/x-www-form-urlencoded body ('+' is a space), in order;
  // nullopt when it is malformed (bad percent-encoding).
  static std::optional<std::vector<std::pair<std::string, std::string>>> form_params(
      std::string_view encoded);

  // A response with a JSON body, version/keep-alive taken from req.
  static HttpResponse json(const HttpRequest& req, http::status status, std::string body);

 private:
  using MethodMap = std::map<http::verb, AsyncHttpHandler>;

  const AsyncHttpHandler* find_handler(std::string_view path, http::verb method) const;
  // 405, 426 or 404 for a request no handler takes.
  HttpResponse unrouted(const HttpRequest& req) const;
  std::string allowed_methods(std::string_view path) const;

  std::map<std::string, MethodMap, std::less<>> http_;
  std::map<std::string, MethodMap, std::less<>> prefixes_;
  std::map<std::string, WsHandler, std::less<>> ws_;
  WsAcceptor ws_fallback_;
};

}  // namespace voxgate::net
