// Api: call-control routes (docs/tools.md): POST /api/calls/{id}/say and /transfer.
// Documented in api.hpp; authorisation happens in Api::handle().
#include <boost/json.hpp>

#include "config/tool_config.hpp"
#include "server/api.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;
using net::Router;

constexpr std::size_t kMaxSayChars = 2000;

// The body's string field `key`, if the body is a JSON object holding one.
std::optional<std::string> string_field(const HttpRequest& req, std::string_view key) {
  boost::system::error_code ec;
  json::value v = json::parse(req.body(), ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::value* f = v.as_object().if_contains(key);
  if (!f || !f->is_string() || f->as_string().empty()) return std::nullopt;
  return std::string(f->as_string());
}

HttpResponse answer(const HttpRequest& req, bridge::ControlResult r, const std::string& id,
                    json::object accepted) {
  switch (r) {
    case bridge::ControlResult::kAccepted:
      accepted["id"] = id;
      return Router::json(req, http::status::accepted, json::serialize(accepted));
    case bridge::ControlResult::kConflict:
      return api_error(req, http::status::conflict, "the call is being transferred");
    case bridge::ControlResult::kNotFound:
      break;
  }
  return api_error(req, http::status::not_found, "no live call " + id);
}

}  // namespace

HttpResponse Api::say(const HttpRequest& req, const std::string& id) const {
  auto text = string_field(req, "text");
  if (!text || text->size() > kMaxSayChars) {
    return api_error(req, http::status::bad_request,
                     R"(body must be {"text": "..."} with 1 to 2000 characters)");
  }
  return answer(req, control_.say(id, *text), id, {{"status", "saying"}});
}

HttpResponse Api::transfer(const HttpRequest& req, const std::string& id) const {
  auto to = string_field(req, "to");
  if (!to)
    return api_error(req, http::status::bad_request,
                     R"(body must be {"to": "+1555... or sip:..."})");
  if (!config::transfer_allowed(transfer_allow_, *to)) {
    return api_error(req, http::status::forbidden, "transfer target not in tools.transfer_allow");
  }
  return answer(req, control_.transfer(id, *to), id, {{"status", "transferring"}, {"to", *to}});
}

}  // namespace voxgate::server
