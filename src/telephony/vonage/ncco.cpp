#include "telephony/vonage/ncco.hpp"

#include <boost/json.hpp>

namespace voxgate::telephony::vonage {

std::string connect_websocket_ncco(std::string_view ws_url, int rate, const Parameters& headers) {
  namespace json = boost::json;
  json::object head;
  for (const auto& [name, value] : headers) head[name] = value;
  json::object endpoint{
      {"type", "websocket"},
      {"uri", ws_url},
      {"content-type", "audio/l16;rate=" + std::to_string(rate == 16000 ? 16000 : 8000)},
      {"headers", std::move(head)}};
  json::array ncco{json::object{{"action", "connect"}, {"endpoint", json::array{endpoint}}}};
  return json::serialize(ncco);
}

}  // namespace voxgate::telephony::vonage
