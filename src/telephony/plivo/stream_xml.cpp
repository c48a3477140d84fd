#include "telephony/plivo/stream_xml.hpp"

#include "telephony/xml_escape.hpp"

namespace voxgate::telephony::plivo {

std::string stream_xml(std::string_view ws_url, const Parameters& extra_headers,
                       std::string_view after_url) {
  std::string out =
      R"(<?xml version="1.0" encoding="UTF-8"?><Response><Stream bidirectional="true" )"
      R"(keepCallAlive="true" contentType="audio/x-mulaw;rate=8000")";
  if (!extra_headers.empty()) {
    std::string joined;
    for (const auto& [name, value] : extra_headers) {
      if (!joined.empty()) joined += ',';
      joined += name + "=" + value;
    }
    out += R"( extraHeaders=")";
    append_xml_escaped(out, joined);
    out += '"';
  }
  out += '>';
  append_xml_escaped(out, ws_url);
  out += "</Stream>";
  if (!after_url.empty()) {
    out += "<Redirect>";
    append_xml_escaped(out, after_url);
    out += "</Redirect>";
  }
  out += "</Response>";
  return out;
}

std::string dial_xml(std::string_view target) {
  const bool sip = target.starts_with("sip:");
  if (!sip && target.starts_with('+')) target.remove_prefix(1);
  std::string out = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial>)";
  out += sip ? "<User>" : "<Number>";
  append_xml_escaped(out, target);
  out += sip ? "</User>" : "</Number>";
  out += "</Dial></Response>";
  return out;
}

std::string hangup_xml() {
  return R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>)";
}

}  // namespace voxgate::telephony::plivo
