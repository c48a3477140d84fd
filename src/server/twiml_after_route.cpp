#include "server/twiml_after_route.hpp"

#include "telephony/twilio/twiml.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;

net::HttpResponse twiml_after_response(const net::HttpRequest& req, const TwimlOptions& opts,
                                       const cluster::InProcessTransferBook& book) {
  auto form = net::Router::form_params(req.body());
  if (!form) {
    return net::Router::json(req, http::status::bad_request, R"({"error":"malformed form body"})");
  }
  if (!webhook_signed(req, opts, *form)) {
    return net::Router::json(req, http::status::forbidden,
                             R"({"error":"invalid webhook signature"})");
  }
  std::optional<std::string> target;
  for (const auto& [key, value] : *form) {
    if (key == "CallSid") target = book.find(value);
  }
  net::HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/xml");
  res.keep_alive(req.keep_alive());
  res.body() = target ? telephony::twilio::dial_twiml(*target) : telephony::twilio::hangup_twiml();
  res.prepare_payload();
  return res;
}

}  // namespace voxgate::server
