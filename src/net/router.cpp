#include "net/router.hpp"

#include <boost/beast/http/field.hpp>
#include <exception>
#include <utility>

namespace voxgate::net {

void Router::add(http::verb method, std::string path, HttpHandler handler) {
  http_[std::move(path)][method] = std::move(handler);
}

void Router::add_websocket(std::string path, WsHandler handler) {
  ws_[std::move(path)] = std::move(handler);
}

void Router::set_websocket_fallback(WsHandler handler) {
  ws_fallback_ = std::move(handler);
}

std::string_view Router::path_of(std::string_view target) {
  auto q = target.find_first_of("?#");
  return q == std::string_view::npos ? target : target.substr(0, q);
}

HttpResponse Router::json(const HttpRequest& req, http::status status, std::string body) {
  HttpResponse res{status, req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

const WsHandler* Router::find_websocket(std::string_view target) const {
  auto it = ws_.find(path_of(target));
  if (it != ws_.end()) return &it->second;
  return ws_fallback_ ? &ws_fallback_ : nullptr;
}

HttpResponse Router::route(const HttpRequest& req) const {
  const auto path = path_of(req.target());
  auto it = http_.find(path);
  if (it == http_.end()) {
    if (ws_.find(path) != ws_.end()) {
      return json(req, http::status::upgrade_required, R"({"error":"websocket upgrade required"})");
    }
    return json(req, http::status::not_found, R"({"error":"not found"})");
  }
  auto h = it->second.find(req.method());
  if (h == it->second.end()) {
    auto res = json(req, http::status::method_not_allowed, R"({"error":"method not allowed"})");
    std::string allow;
    for (const auto& [verb, _] : it->second) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(verb));
    }
    res.set(http::field::allow, allow);
    return res;
  }
  try {
    HttpResponse res = h->second(req);
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
  } catch (const std::exception&) {
    return json(req, http::status::internal_server_error, R"({"error":"internal error"})");
  }
}

}  // namespace voxgate::net
