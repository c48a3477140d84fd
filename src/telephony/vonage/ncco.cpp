#include "telephony/vonage/ncco.hpp"

#include <boost/json.hpp>

namespace voxgate::telephony::vonage {

namespace json = boost::json;

std::string connect_websocket_ncco(std::string_view ws_url, int rate, const Parameters& headers,
                                   std::string_view after_url) {
  json::object head;
  for (const auto& [name, value] : headers) head[name] = value;
  json::object endpoint{
      {"type", "websocket"},
      {"uri", ws_url},
      {"content-type", "audio/l16;rate=" + std::to_string(rate == 16000 ? 16000 : 8000)},
      {"headers", std::move(head)}};
  json::array ncco{json::object{{"action", "connect"}, {"endpoint", json::array{endpoint}}}};
  if (!after_url.empty()) {
    ncco.push_back(json::object{{"action", "notify"},
                                {"payload", json::object{}},
                                {"eventUrl", json::array{after_url}},
                                {"eventMethod", "POST"}});
  }
  return json::serialize(ncco);
}

std::string dial_ncco(std::string_view target) {
  json::object endpoint;
  if (target.starts_with("sip:")) {
    endpoint = {{"type", "sip"}, {"uri", target}};
  } else {
    if (target.starts_with('+')) target.remove_prefix(1);
    endpoint = {{"type", "phone"}, {"number", target}};
  }
  return json::serialize(
      json::array{json::object{{"action", "connect"}, {"endpoint", json::array{endpoint}}}});
}

std::string hangup_ncco() {
  return "[]";
}

}  // namespace voxgate::telephony::vonage
