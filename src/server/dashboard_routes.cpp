#include "server/dashboard_routes.hpp"

#include <boost/json.hpp>

#include "common/digest.hpp"
#include "server/csrf_check.hpp"
#include "server/dashboard_live.hpp"
#include "server/session_cookie.hpp"
#include "server/static_files.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;
using net::Router;

constexpr std::string_view kRoot = "/dashboard";
constexpr std::string_view kApi = "/dashboard/api/";
constexpr std::string_view kCookie = "vg_session";

HttpResponse fail(const HttpRequest& req, http::status status, std::string_view message) {
  return Router::json(req, status, json::serialize(json::object{{"error", message}}));
}

// Pages load only this server's scripts, and no other site may frame them.
void harden(HttpResponse& res) {
  res.set(http::field::cache_control, "no-store");
  res.set("Content-Security-Policy",
          "default-src 'self'; media-src 'self' blob:; frame-ancestors 'none'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
}

std::string cookie_header(std::string_view value, int64_t max_age_s, bool secure) {
  std::string c =
      std::string(kCookie) + "=" + std::string(value) +
      "; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (secure) c += "; Secure";
  return c;
}

// Behind a TLS-terminating proxy the cookie must be Secure (RFC 6265 4.1.2.5).
bool via_https(const HttpRequest& req) {
  const auto it = req.find("X-Forwarded-Proto");
  return it != req.end() && it->value() == "https";
}

}  // namespace

Dashboard::Dashboard(const Api& api, const bridge::CallControl& calls, DashboardOptions opts)
    : api_(api), calls_(calls), opts_(std::move(opts)), key_(session_key(opts_.api_token)) {}

int64_t Dashboard::now_ms() const {
  if (opts_.now_ms) return opts_.now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Dashboard::install(net::Router& router) const {
  router.add_prefix(http::verb::get, std::string(kRoot),
                    [this](const HttpRequest& req) { return page(req); });
  router.add(http::verb::post, "/dashboard/signin",
             [this](const HttpRequest& req) { return signin(req); });
  router.add(http::verb::post, "/dashboard/signout",
             [this](const HttpRequest& req) { return signout(req); });
  router.add(http::verb::get, "/dashboard/session",
             [this](const HttpRequest& req) { return session(req); });
  auto api = [this](const HttpRequest& req, net::HttpAnswer reply) {
    api_async(req, std::move(reply));
  };
  router.add_async_prefix(http::verb::get, std::string(kApi), api);
  router.add_async_prefix(http::verb::post, std::string(kApi), api);
  router.add_websocket(
      "/dashboard/live", [this](std::shared_ptr<net::WsConnection> conn, const HttpRequest& req) {
        // Cross-site WebSocket hijacking: the upgrade carries the cookie, so the
        // Origin must be ours too.
        if (opts_.api_token.empty() || signed_in(req).empty() || !same_origin(req)) {
          return refuse_live(std::move(conn));
        }
        start_live_push(std::move(conn), calls_, req.target(), kPushInterval);
      });
}

HttpResponse Dashboard::off(const HttpRequest& req) const {
  HttpResponse res{http::status::not_found, req.version()};
  res.set(http::field::content_type, "text/html; charset=utf-8");
  res.keep_alive(req.keep_alive());
  res.body() =
      "<!doctype html><title>voxgate dashboard</title><h1>The dashboard is off</h1>"
      "<p>Set <code>api.token</code> in the configuration to turn it on.</p>";
  harden(res);
  res.prepare_payload();
  return res;
}

HttpResponse Dashboard::page(const HttpRequest& req) const {
  if (opts_.api_token.empty()) return off(req);
  const std::string_view path = Router::path_of(req.target());
  if (path == kRoot) {
    HttpResponse res{http::status::found, req.version()};
    res.set(http::field::location, "/dashboard/");
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
  }
  if (path[kRoot.size()] != '/') return fail(req, http::status::not_found, "not found");
  auto file = read_static(opts_.web_dir, path.substr(kRoot.size() + 1));
  if (!file) return fail(req, http::status::not_found, "not found");
  HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::content_type, file->content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(file->body);
  harden(res);
  res.prepare_payload();
  return res;
}

std::string Dashboard::signed_in(const HttpRequest& req) const {
  const auto it = req.find(http::field::cookie);
  if (it == req.end()) return {};
  const auto value = cookie_value(it->value(), kCookie);
  if (!value || !session_valid(key_, *value, now_ms())) return {};
  return std::string(*value);
}

HttpResponse Dashboard::signin(const HttpRequest& req) const {
  if (opts_.api_token.empty()) return off(req);
  // JSON only: a cross-site form cannot send it without a CORS preflight.
  const auto type = req.find(http::field::content_type);
  if (!same_origin(req) || type == req.end() || !type->value().starts_with("application/json")) {
    return fail(req, http::status::forbidden, "cross-site or non-JSON sign-in refused");
  }
  boost::system::error_code ec;
  const json::value v = json::parse(req.body(), ec);
  const json::value* token = !ec && v.is_object() ? v.as_object().if_contains("token") : nullptr;
  if (!token || !token->is_string() ||
      !common::equal_constant_time(std::string_view(token->as_string()), opts_.api_token)) {
    return fail(req, http::status::unauthorized, "wrong token");
  }
  const int64_t ttl_s = opts_.session_ttl.count();
  const std::string value = issue_session(key_, now_ms() + ttl_s * 1000);
  auto res = Router::json(req, http::status::ok,
                          json::serialize(json::object{{"csrf", csrf_token(key_, value)}}));
  res.set(http::field::set_cookie, cookie_header(value, ttl_s, via_https(req)));
  return res;
}

HttpResponse Dashboard::signout(const HttpRequest& req) const {
  if (!same_origin(req)) return fail(req, http::status::forbidden, "cross-site request refused");
  auto res = Router::json(req, http::status::ok, R"({"signed_out":true})");
  res.set(http::field::set_cookie, cookie_header("", 0, via_https(req)));
  return res;
}

HttpResponse Dashboard::session(const HttpRequest& req) const {
  if (opts_.api_token.empty()) return fail(req, http::status::not_found, "dashboard is off");
  const std::string value = signed_in(req);
  if (value.empty()) return fail(req, http::status::unauthorized, "not signed in");
  return Router::json(req, http::status::ok,
                      json::serialize(json::object{{"csrf", csrf_token(key_, value)}}));
}

std::optional<HttpResponse> Dashboard::api_refusal(const HttpRequest& req) const {
  if (opts_.api_token.empty()) return fail(req, http::status::not_found, "dashboard is off");
  const std::string value = signed_in(req);
  if (value.empty()) return fail(req, http::status::unauthorized, "not signed in");
  if (req.method() != http::verb::get && !csrf_ok(req, csrf_token(key_, value))) {
    return fail(req, http::status::forbidden, "cross-site request refused (CSRF check)");
  }
  return std::nullopt;
}

// The same handler as /api, as if the bearer token had been sent.
HttpRequest Dashboard::as_api_request(const HttpRequest& req) const {
  HttpRequest inner = req;
  const std::string_view target = req.target();
  inner.target("/api/" + std::string(target.substr(kApi.size())));
  inner.set(http::field::authorization, "Bearer " + opts_.api_token);
  inner.erase(http::field::cookie);
  return inner;
}

HttpResponse Dashboard::api(const HttpRequest& req) const {
  if (auto refusal = api_refusal(req)) return std::move(*refusal);
  return api_.handle(as_api_request(req));
}

void Dashboard::api_async(const HttpRequest& req, net::HttpAnswer reply) const {
  if (auto refusal = api_refusal(req)) return reply(std::move(*refusal));
  api_.handle_async(as_api_request(req), std::move(reply));
}

}  // namespace voxgate::server
