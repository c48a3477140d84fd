#include "telephony/twilio/twiml.hpp"

#include <algorithm>

#include "audio/base64.hpp"
#include "common/digest.hpp"
#include "telephony/xml_escape.hpp"

namespace voxgate::telephony::twilio {

std::string connect_stream_twiml(
    std::string_view ws_url, const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url=")";
  append_xml_escaped(out, ws_url);
  out += "\">";
  append_parameter_elements(out, parameters);
  out += "</Stream></Connect></Response>";
  return out;
}

std::string connect_stream_twiml(std::string_view ws_url,
                                 const std::vector<std::pair<std::string, std::string>>& parameters,
                                 std::string_view action_url) {
  std::string plain = connect_stream_twiml(ws_url, parameters);
  std::string attr = " action=\"";
  append_xml_escaped(attr, action_url);
  attr += "\"";
  const std::string_view connect = "<Connect";
  plain.insert(plain.find(connect) + connect.size(), attr);
  return plain;
}

std::string dial_twiml(std::string_view target) {
  const bool sip = target.starts_with("sip:");
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial>)";
  out += sip ? "<Sip>" : "<Number>";
  append_xml_escaped(out, target);
  out += sip ? "</Sip>" : "</Number>";
  out += "</Dial></Response>";
  return out;
}

std::string hangup_twiml() {
  return R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>)";
}

std::string twilio_signature(std::string_view auth_token, std::string_view full_url,
                             std::vector<std::pair<std::string, std::string>> post_params) {
  std::sort(post_params.begin(), post_params.end());
  std::string data(full_url);
  for (const auto& [name, value] : post_params) {
    data += name;
    data += value;
  }
  const std::string mac = common::hmac_sha1(auth_token, data);
  if (mac.empty()) return {};
  return audio::base64_encode({reinterpret_cast<const uint8_t*>(mac.data()), mac.size()});
}

bool verify_twilio_signature(std::string_view auth_token, std::string_view full_url,
                             std::vector<std::pair<std::string, std::string>> post_params,
                             std::string_view header_value) {
  const std::string expected = twilio_signature(auth_token, full_url, std::move(post_params));
  // The length of a SHA-1 signature is public; only the bytes need a
  // constant-time compare.
  return !expected.empty() && common::equal_constant_time(expected, header_value);
}

}  // namespace voxgate::telephony::twilio
