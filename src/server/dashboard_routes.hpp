#pragma once
// The operator dashboard (docs/dashboard.md): static pages from web/ under
// /dashboard/, a sign-in that trades the API token for a signed session
// cookie, the operator API through that cookie, and a WebSocket that pushes
// the live calls.
//   GET  /dashboard/...           web/ files (index.html for a folder)
//   POST /dashboard/signin {"token":"..."}  Set-Cookie vg_session (HttpOnly,
//        SameSite=Strict, Max-Age); 401 wrong token; 403 cross-site
//   GET  /dashboard/session       {"csrf": "..."} for a signed-in browser; 401
//   POST /dashboard/signout       clears the cookie
//   GET/POST /dashboard/api/calls... the /api/calls routes (api.hpp) with the
//        cookie instead of the bearer token; a POST also needs X-CSRF-Token
//   WS   /dashboard/live[?call=ID] live calls, pushed when they change, at
//        most every kPushInterval (coalesced); with ?call= also that call's
//        record so far
// An empty API token turns the dashboard off: every page says so (404).
//
// Owner: the app (keeps it alive while the router is in use). Thread-safe:
// const after construction.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "bridge/call_control.hpp"
#include "net/router.hpp"
#include "server/api.hpp"

namespace voxgate::server {

struct DashboardOptions {
  std::string api_token;  // empty: dashboard off
  std::string web_dir;    // the static files (the source tree's web/)
  std::chrono::seconds session_ttl{8 * 3600};
  std::function<int64_t()> now_ms;  // unix epoch ms; unset: the system clock
};

class Dashboard {
 public:
  static constexpr std::chrono::milliseconds kPushInterval{250};  // <= 4 pushes/s per viewer

  Dashboard(const Api& api, const bridge::CallControl& calls, DashboardOptions opts);
  // Registers the routes; keeps `this`.
  void install(net::Router& router) const;

  net::HttpResponse page(const net::HttpRequest& req) const;
  net::HttpResponse signin(const net::HttpRequest& req) const;
  net::HttpResponse signout(const net::HttpRequest& req) const;
  net::HttpResponse session(const net::HttpRequest& req) const;
  net::HttpResponse api(const net::HttpRequest& req) const;
  // The route's form: as /api, the live list of every instance and control of
  // a call another instance holds answer once that instance has.
  void api_async(const net::HttpRequest& req, net::HttpAnswer reply) const;
  // The session value of a request carrying a valid cookie, else empty.
  std::string signed_in(const net::HttpRequest& req) const;

 private:
  int64_t now_ms() const;
  // The refusal of a /dashboard/api request (off, not signed in, CSRF), if any.
  std::optional<net::HttpResponse> api_refusal(const net::HttpRequest& req) const;
  // The request as /api would get it, with the bearer token the cookie stands for.
  net::HttpRequest as_api_request(const net::HttpRequest& req) const;
  net::HttpResponse off(const net::HttpRequest& req) const;

  const Api& api_;
  const bridge::CallControl& calls_;
  DashboardOptions opts_;
  std::string key_;  // session signing key (session_cookie.hpp)
};

}  // namespace voxgate::server
