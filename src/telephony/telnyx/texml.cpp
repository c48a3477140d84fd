#include "telephony/telnyx/texml.hpp"

#include "telephony/xml_escape.hpp"

namespace voxgate::telephony::telnyx {

std::string connect_stream_texml(std::string_view ws_url, const Parameters& parameters) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url=")";
  append_xml_escaped(out, ws_url);
  out += R"(" bidirectionalMode="rtp" bidirectionalCodec="PCMU">)";
  append_parameter_elements(out, parameters);
  out += "</Stream></Connect></Response>";
  return out;
}

}  // namespace voxgate::telephony::telnyx
