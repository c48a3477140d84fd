#include "telephony/telnyx/texml.hpp"

#include "telephony/twilio/twiml.hpp"
#include "telephony/xml_escape.hpp"

namespace voxgate::telephony::telnyx {

std::string connect_stream_texml(std::string_view ws_url, const Parameters& parameters,
                                 std::string_view after_url) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url=")";
  append_xml_escaped(out, ws_url);
  out += R"(" bidirectionalMode="rtp" bidirectionalCodec="PCMU">)";
  append_parameter_elements(out, parameters);
  out += "</Stream></Connect>";
  if (!after_url.empty()) {
    out += R"(<Redirect method="POST">)";
    append_xml_escaped(out, after_url);
    out += "</Redirect>";
  }
  out += "</Response>";
  return out;
}

std::string dial_texml(std::string_view target) {
  return twilio::dial_twiml(target);
}

std::string hangup_texml() {
  return twilio::hangup_twiml();
}

}  // namespace voxgate::telephony::telnyx
