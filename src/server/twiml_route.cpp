#include "server/twiml_route.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace voxgate::server {

namespace http = boost::beast::http;

namespace {

// Webhook fields passed on to the media session as customParameters.
constexpr std::string_view kForwarded[] = {"CallSid", "AccountSid", "From", "To", "Direction"};

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

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

}  // namespace

bool is_loopback_host(std::string_view host_header) {
  const auto host = host_part(host_header);
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(host, ec);
  return !ec && addr.is_loopback();
}

std::string media_stream_url(std::string_view public_host, std::string_view host_header) {
  if (!public_host.empty()) return "wss://" + std::string(public_host) + "/media";
  const char* scheme = is_loopback_host(host_header) ? "ws://" : "wss://";
  return scheme + std::string(host_header) + "/media";
}

std::string connect_stream_twiml(const std::string& ws_url,
                                 const std::map<std::string, std::string>& params) {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url=")";
  xml += xml_escape(ws_url) + "\">";
  for (const auto& [name, value] : params) {
    xml += "<Parameter name=\"" + xml_escape(name) + "\" value=\"" + xml_escape(value) + "\"/>";
  }
  xml += "</Stream></Connect></Response>";
  return xml;
}

net::HttpResponse twiml_response(const net::HttpRequest& req, std::string_view public_host) {
  auto query = boost::urls::parse_query(req.body());
  if (!query) {
    return net::Router::json(req, http::status::bad_request, R"({"error":"malformed form body"})");
  }
  boost::urls::encoding_opts opt;
  opt.space_as_plus = true;  // application/x-www-form-urlencoded
  std::map<std::string, std::string> params;
  // Built from the string, which parse_query has validated, so it cannot
  // throw: libboost_url 1.81 lacks the (params_view, encoding_opts) overload.
  for (auto p : boost::urls::params_view(req.body(), opt)) {
    for (auto name : kForwarded) {
      if (p.key == name && p.has_value) params[p.key] = p.value;
    }
  }
  const auto host = req.find(http::field::host);
  const std::string_view host_header = host == req.end() ? "localhost" : host->value();
  net::HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::content_type, "text/xml");
  res.body() = connect_stream_twiml(media_stream_url(public_host, host_header), params);
  return res;
}

}  // namespace voxgate::server
