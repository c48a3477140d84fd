#include "net/router.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <exception>
#include <mutex>
#include <set>
#include <utility>

namespace voxgate::net {

namespace {

// A synchronous handler as an asynchronous one that answers at once.
AsyncHttpHandler answering_at_once(HttpHandler handler) {
  return [h = std::move(handler)](const HttpRequest& req, HttpAnswer reply) { reply(h(req)); };
}

}  // namespace

void Router::add(http::verb method, std::string path, HttpHandler handler) {
  add_async(method, std::move(path), answering_at_once(std::move(handler)));
}

void Router::add_prefix(http::verb method, std::string prefix, HttpHandler handler) {
  add_async_prefix(method, std::move(prefix), answering_at_once(std::move(handler)));
}

void Router::add_async(http::verb method, std::string path, AsyncHttpHandler handler) {
  http_[std::move(path)][method] = std::move(handler);
}

void Router::add_async_prefix(http::verb method, std::string prefix, AsyncHttpHandler handler) {
  prefixes_[std::move(prefix)][method] = std::move(handler);
}

void Router::add_websocket(std::string path, WsHandler handler) {
  ws_[std::move(path)] = std::move(handler);
}

void Router::set_websocket_fallback(WsHandler handler) {
  ws_fallback_ = [h = std::move(handler)](const HttpRequest&) { return WsUpgrade{h}; };
}

void Router::set_websocket_fallback(WsAcceptor acceptor) {
  ws_fallback_ = std::move(acceptor);
}

std::string_view Router::path_of(std::string_view target) {
  auto q = target.find_first_of("?#");
  return q == std::string_view::npos ? target : target.substr(0, q);
}

std::optional<std::vector<std::pair<std::string, std::string>>> Router::form_params(
    std::string_view encoded) {
  // Two Boost.URL 1.81 (Debian) defects shape this:
  // - iterating a parsed query reads the last value on past the end of a
  //   string_view that is not NUL-terminated ("a=1" inside "a=1 HTTP/1.1"
  //   yields "1 HTTP/1.1"), so parse an owned, NUL-terminated copy;
  // - libboost_url lacks the params_view(params_view, encoding_opts) symbol,
  //   so url_view::params() fails to link; params_view(string, opts) links.
  const std::string owned(encoded);
  if (!boost::urls::parse_query(owned)) return std::nullopt;
  boost::urls::encoding_opts opt;
  opt.space_as_plus = true;  // application/x-www-form-urlencoded
  std::vector<std::pair<std::string, std::string>> out;
  // Cannot throw: parse_query has just validated the same string.
  for (auto p : boost::urls::params_view(owned, opt)) out.emplace_back(p.key, p.value);
  return out;
}

HttpResponse Router::json(const HttpRequest& req, http::status status, std::string body) {
  HttpResponse res{status, req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::optional<WsUpgrade> Router::accept_websocket(const HttpRequest& req) const {
  auto it = ws_.find(path_of(req.target()));
  if (it != ws_.end()) return WsUpgrade{it->second};
  if (ws_fallback_) return ws_fallback_(req);
  return std::nullopt;
}

const AsyncHttpHandler* Router::find_handler(std::string_view path, http::verb method) const {
  if (auto it = http_.find(path); it != http_.end()) {
    if (auto h = it->second.find(method); h != it->second.end()) return &h->second;
  }
  // A linear scan: a server has a handful of prefixes, not worth a trie.
  const AsyncHttpHandler* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, methods] : prefixes_) {
    if (!path.starts_with(prefix) || (best && prefix.size() <= best_len)) continue;
    if (auto h = methods.find(method); h != methods.end()) {
      best = &h->second;
      best_len = prefix.size();
    }
  }
  return best;
}

std::string Router::allowed_methods(std::string_view path) const {
  std::set<http::verb> verbs;
  if (auto it = http_.find(path); it != http_.end()) {
    for (const auto& [verb, _] : it->second) verbs.insert(verb);
  }
  for (const auto& [prefix, methods] : prefixes_) {
    if (!path.starts_with(prefix)) continue;
    for (const auto& [verb, _] : methods) verbs.insert(verb);
  }
  std::string allow;
  for (const auto verb : verbs) {
    if (!allow.empty()) allow += ", ";
    allow += std::string(http::to_string(verb));
  }
  return allow;
}

HttpResponse Router::unrouted(const HttpRequest& req) const {
  const auto path = path_of(req.target());
  if (auto allow = allowed_methods(path); !allow.empty()) {
    auto res = json(req, http::status::method_not_allowed, R"({"error":"method not allowed"})");
    res.set(http::field::allow, allow);
    return res;
  }
  if (ws_.find(path) != ws_.end()) {
    return json(req, http::status::upgrade_required, R"({"error":"websocket upgrade required"})");
  }
  return json(req, http::status::not_found, R"({"error":"not found"})");
}

void Router::route_async(const HttpRequest& req, HttpAnswer reply) const {
  const AsyncHttpHandler* handler = find_handler(path_of(req.target()), req.method());
  if (!handler) return reply(unrouted(req));
  // The request's version and keep-alive travel with the reply, which may
  // run after `req` is gone.
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  auto finishing = [reply, version, keep_alive](HttpResponse res) {
    res.version(version);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    reply(std::move(res));
  };
  try {
    (*handler)(req, std::move(finishing));
  } catch (const std::exception&) {
    reply(json(req, http::status::internal_server_error, R"({"error":"internal error"})"));
  }
}

HttpResponse Router::route(const HttpRequest& req) const {
  // Shared: a late answer (another thread, after this returned) lands in it
  // and is dropped with it.
  struct Answer {
    std::mutex mu;
    std::optional<HttpResponse> res;
  };
  auto answer = std::make_shared<Answer>();
  route_async(req, [answer](HttpResponse res) {
    std::lock_guard lock(answer->mu);
    if (!answer->res) answer->res = std::move(res);
  });
  std::lock_guard lock(answer->mu);
  if (answer->res) return std::move(*answer->res);
  return json(req, http::status::service_unavailable,
              R"({"error":"this route answers asynchronously"})");
}

}  // namespace voxgate::net
