#include "server/twiml_after_route.hpp"

#include <spdlog/spdlog.h>

#include "telephony/twilio/twiml.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;

namespace {

net::HttpResponse twiml(unsigned version, bool keep_alive, std::string body) {
  net::HttpResponse res{http::status::ok, version};
  res.set(http::field::content_type, "text/xml");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace

void twiml_after_async(const net::HttpRequest& req, const TwimlOptions& opts,
                       cluster::TransferBook& book, net::HttpAnswer reply) {
  auto form = net::Router::form_params(req.body());
  if (!form) {
    return reply(
        net::Router::json(req, http::status::bad_request, R"({"error":"malformed form body"})"));
  }
  if (!webhook_signed(req, opts, *form)) {
    return reply(net::Router::json(req, http::status::forbidden,
                                   R"({"error":"invalid webhook signature"})"));
  }
  std::string sid;
  for (const auto& [key, value] : *form) {
    if (key == "CallSid") sid = value;
  }
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  if (sid.empty()) return reply(twiml(version, keep_alive, telephony::twilio::hangup_twiml()));
  book.find(sid, [sid, version, keep_alive, reply](cluster::ClusterResult<std::string> target) {
    if (!target) {
      spdlog::warn("transfer book unavailable for call {} ({}): answering <Hangup/>", sid,
                   target.error());
    }
    reply(twiml(version, keep_alive,
                target && !target->empty() ? telephony::twilio::dial_twiml(*target)
                                           : telephony::twilio::hangup_twiml()));
  });
}

net::HttpResponse twiml_after_response(const net::HttpRequest& req, const TwimlOptions& opts,
                                       cluster::InProcessTransferBook& book) {
  std::optional<net::HttpResponse> answer;
  twiml_after_async(req, opts, book, [&answer](net::HttpResponse res) { answer = std::move(res); });
  return std::move(*answer);  // the in-process book answers before find() returns
}

}  // namespace voxgate::server
