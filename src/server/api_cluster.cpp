// Api: call control across instances (docs/scaling.md "Live calls and
// control in Redis"). A hangup/say/transfer for a call this instance does
// not hold is looked up in the live-call registry and sent to its holder
// over the control bus; the holder's answer is this request's answer.
// Callbacks run on the Redis worker's or the bus's thread; the reply posts
// to the session's strand (net::HttpAnswer).
#include <algorithm>
#include <boost/json.hpp>

#include "server/api.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;
using net::Router;

constexpr std::string_view kControlPrefix = "/api/calls/";

// What a reply needs of the request once the request is gone.
HttpRequest shape_of(const HttpRequest& req) {
  HttpRequest stub;
  stub.version(req.version());
  stub.keep_alive(req.keep_alive());
  return stub;
}

}  // namespace

void Api::handle_async(const HttpRequest& req, net::HttpAnswer reply) const {
  if (auto id = held_elsewhere(req)) return forward(req, *id, std::move(reply));
  if (wants_live_list(req)) return list_live(req, std::move(reply));
  reply(handle(req));
}

// An authorised GET /api/calls?live=1 (or true) with a registry to read.
bool Api::wants_live_list(const HttpRequest& req) const {
  if (!cluster_.registry || token_.empty() || req.method() != http::verb::get || !authorised(req)) {
    return false;
  }
  const std::string_view target = req.target();
  const auto qmark = target.find('?');
  if (qmark == std::string_view::npos || target.substr(0, qmark) != "/api/calls") return false;
  const auto params = Router::form_params(target.substr(qmark + 1));
  if (!params) return false;  // handle() says what is wrong with it
  for (const auto& [key, value] : *params) {
    if (key == "live") return value == "1" || value == "true";
  }
  return false;
}

void Api::list_live(const HttpRequest& req, net::HttpAnswer reply) const {
  cluster_.registry->list([stub = shape_of(req), reply = std::move(reply)](
                              cluster::ClusterResult<std::vector<cluster::LiveCallEntry>> r) {
    if (!r) {
      return reply(api_error(stub, http::status::service_unavailable,
                             "cannot list live calls from the cluster state: " + r.error()));
    }
    auto entries = std::move(r).value();
    std::sort(entries.begin(), entries.end(),
              [](const auto& x, const auto& y) { return x.started_unix_ms > y.started_unix_ms; });
    json::array calls;
    for (const auto& e : entries) {
      calls.push_back(json::object{{"id", e.call_sid},
                                   {"instance", e.instance},
                                   {"carrier", e.carrier},
                                   {"caller", e.caller},
                                   {"started_at_ms", e.started_unix_ms},
                                   {"state", e.state}});
    }
    reply(Router::json(stub, http::status::ok,
                       json::serialize(json::object{{"calls", std::move(calls)}})));
  });
}

// The call id of an authorised POST .../hangup|say|transfer for a call not
// live here, when there is a bus to ask; nullopt: answered here as before.
std::optional<std::string> Api::held_elsewhere(const HttpRequest& req) const {
  if (!cluster_.bus || !cluster_.registry || token_.empty() || !authorised(req)) {
    return std::nullopt;
  }
  const std::string_view path = Router::path_of(req.target());
  if (!path.starts_with(kControlPrefix)) return std::nullopt;
  const std::string_view rest = path.substr(kControlPrefix.size());
  const auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos) return std::nullopt;
  const std::string_view tail = rest.substr(slash);
  if (tail != "/hangup" && tail != "/say" && tail != "/transfer") return std::nullopt;
  std::string id(rest.substr(0, slash));
  if (control_.is_live(id)) return std::nullopt;
  return id;
}

void Api::forward(const HttpRequest& req, const std::string& id, net::HttpAnswer reply) const {
  cluster::ControlRequest request{"POST", std::string(req.target()), req.body()};
  cluster_.registry->owner_of(
      id, [this, request = std::move(request), stub = shape_of(req), id,
           reply = std::move(reply)](cluster::ClusterResult<std::string> r) {
        if (!r) {
          return reply(api_error(stub, http::status::service_unavailable,
                                 "cannot look the call up in the cluster state: " + r.error()));
        }
        // Ourselves: the call ended between the check here and the lookup.
        if (r->empty() || *r == cluster_.instance_id) {
          return reply(
              api_error(stub, http::status::not_found, "no live call " + id + " on any instance"));
        }
        const std::string owner = *r;
        cluster_.bus->request(
            owner, request, [stub, owner, reply](cluster::ClusterResult<cluster::ControlAnswer> a) {
              if (!a) {
                return reply(api_error(stub, http::status::service_unavailable,
                                       "cannot reach instance " + owner + ": " + a.error()));
              }
              HttpResponse res{static_cast<http::status>(a->status), stub.version()};
              res.set(http::field::content_type, "application/json");
              res.set("X-Voxgate-Instance", owner);
              res.body() = a->body;
              reply(std::move(res));
            });
      });
}

cluster::ControlAnswer Api::run_forwarded(const cluster::ControlRequest& r) const {
  HttpRequest req{http::verb::post, r.target, 11};
  req.body() = r.body;
  // The asking instance checked the bearer token; Redis is reachable by the
  // instances alone (docs/scaling.md).
  const HttpResponse res = handle_authorised(req);
  return {static_cast<int>(res.result_int()), res.body()};
}

}  // namespace voxgate::server
