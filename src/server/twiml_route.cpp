#include "server/twiml_route.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>

#include "telephony/signalwire/webhook_signature.hpp"
#include "telephony/twilio/twiml.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;
namespace twilio = telephony::twilio;
namespace signalwire = telephony::signalwire;

namespace {

// Webhook fields passed on to the media session as customParameters, in the
// order they are written (sorted, so the TwiML is deterministic).
constexpr std::string_view kForwarded[] = {"AccountSid", "CallSid", "Direction", "From", "To"};

constexpr std::string_view kSignatureHeader = "X-Twilio-Signature";

// The host part of a Host header: "[::1]:8080" -> "::1", "a:80" -> "a".
std::string_view host_part(std::string_view h) {
  if (!h.empty() && h.front() == '[') {
    auto end = h.find(']');
    return end == std::string_view::npos ? h : h.substr(1, end - 1);
  }
  auto colon = h.find(':');
  if (colon != std::string_view::npos && h.find(':', colon + 1) == std::string_view::npos) {
    return h.substr(0, colon);
  }
  return h;
}

// Never logs or echoes the token or the header (STYLE.md "never log secrets").
bool twilio_signed(const net::HttpRequest& req, const TwimlOptions& opts,
                   const std::vector<std::pair<std::string, std::string>>& params) {
  const auto header = req.find(kSignatureHeader);
  if (header == req.end() || header->value().empty()) return false;
  for (const auto& url : signed_url_candidates(req, opts.public_host)) {
    if (twilio::verify_twilio_signature(opts.auth_token, url, params, header->value())) {
      return true;
    }
  }
  return false;
}

bool signalwire_signed(const net::HttpRequest& req, const TwimlOptions& opts,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  const auto header = req.find(signalwire::kSignatureHeader);
  if (header == req.end() || header->value().empty()) return false;
  for (const auto& url : signed_url_candidates(req, opts.public_host)) {
    if (signalwire::verify_webhook_signature(opts.signalwire_signing_key, url, params,
                                             header->value())) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view request_host(const net::HttpRequest& req) {
  const auto host = req.find(http::field::host);
  if (host == req.end()) return "localhost";
  return host->value();
}

bool is_loopback_host(std::string_view host_header) {
  const auto host = host_part(host_header);
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(host, ec);
  return !ec && addr.is_loopback();
}

std::string after_stream_url(std::string_view public_host, std::string_view host_header) {
  if (!public_host.empty()) return "https://" + std::string(public_host) + "/twiml/after";
  const char* scheme = is_loopback_host(host_header) ? "http://" : "https://";
  return scheme + std::string(host_header) + "/twiml/after";
}

bool webhook_signed(const net::HttpRequest& req, const TwimlOptions& opts,
                    const std::vector<std::pair<std::string, std::string>>& params) {
  const bool twilio = opts.validate_signature;
  const bool signalwire = !opts.signalwire_signing_key.empty();
  if (!twilio && !signalwire) return true;
  return (twilio && twilio_signed(req, opts, params)) ||
         (signalwire && signalwire_signed(req, opts, params));
}

std::string media_stream_url(std::string_view public_host, std::string_view host_header) {
  if (!public_host.empty()) return "wss://" + std::string(public_host) + "/media";
  const char* scheme = is_loopback_host(host_header) ? "ws://" : "wss://";
  return scheme + std::string(host_header) + "/media";
}

std::vector<std::string> signed_url_candidates(const net::HttpRequest& req,
                                               std::string_view public_host) {
  const std::string host(public_host.empty() ? request_host(req) : public_host);
  const std::string rest = host + std::string(req.target());
  std::vector<std::string> urls{"https://" + rest};
  if (is_loopback_host(host)) urls.push_back("http://" + rest);
  return urls;
}

net::HttpResponse twiml_response(const net::HttpRequest& req, const TwimlOptions& opts) {
  auto form = net::Router::form_params(req.body());
  if (!form) {
    return net::Router::json(req, http::status::bad_request, R"({"error":"malformed form body"})");
  }
  if (!webhook_signed(req, opts, *form)) {
    return net::Router::json(req, http::status::forbidden,
                             R"({"error":"invalid webhook signature"})");
  }
  std::vector<std::pair<std::string, std::string>> params;
  for (auto name : kForwarded) {
    for (const auto& [key, value] : *form) {
      if (key == name) {
        params.emplace_back(key, value);
        break;
      }
    }
  }
  if (opts.stream_tokens) {
    std::string call_sid;
    for (const auto& [key, value] : *form) {
      if (key == "CallSid") call_sid = value;
    }
    params.emplace_back(bridge::kStreamTokenParameter, opts.stream_tokens->issue(call_sid));
  }
  net::HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/xml");
  const std::string ws_url = media_stream_url(opts.public_host, request_host(req));
  res.body() = opts.connect_action
                   ? twilio::connect_stream_twiml(
                         ws_url, params, after_stream_url(opts.public_host, request_host(req)))
                   : twilio::connect_stream_twiml(ws_url, params);
  return res;
}

}  // namespace voxgate::server
