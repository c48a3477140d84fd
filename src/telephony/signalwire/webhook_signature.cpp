#include "telephony/signalwire/webhook_signature.hpp"

#include <algorithm>

#include "telephony/twilio/twiml.hpp"

namespace voxgate::telephony::signalwire {
namespace {

std::string_view default_port(std::string_view scheme) {
  if (scheme == "https" || scheme == "wss") return "443";
  if (scheme == "http" || scheme == "ws") return "80";
  return {};
}

}  // namespace

std::optional<std::string> port_variant(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string_view port = default_port(url.substr(0, scheme_end));
  if (port.empty()) return std::nullopt;
  const size_t host_at = scheme_end + 3;
  const size_t host_end = std::min(url.find_first_of("/?#", host_at), url.size());
  const std::string_view authority = url.substr(host_at, host_end - host_at);
  // The port follows the last ':' outside an IPv6 literal's brackets.
  const size_t colon = authority.rfind(':');
  const size_t bracket = authority.rfind(']');
  const bool has_port =
      colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  std::string out(url.substr(0, host_at));
  if (!has_port) {
    out.append(authority).append(":").append(port);
  } else if (authority.substr(colon + 1) == port) {
    out.append(authority.substr(0, colon));
  } else {
    return std::nullopt;  // another port: the URL can only have been signed as it is
  }
  out.append(url.substr(host_end));
  return out;
}

bool verify_webhook_signature(std::string_view signing_key, std::string_view full_url,
                              const Parameters& post_params, std::string_view header_value) {
  if (header_value.empty()) return false;
  if (twilio::verify_twilio_signature(signing_key, full_url, post_params, header_value)) {
    return true;
  }
  const auto other = port_variant(full_url);
  return other && twilio::verify_twilio_signature(signing_key, *other, post_params, header_value);
}

}  // namespace voxgate::telephony::signalwire
