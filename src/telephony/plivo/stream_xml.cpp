#include "telephony/plivo/stream_xml.hpp"

#include "telephony/xml_escape.hpp"

namespace voxgate::telephony::plivo {

std::string stream_xml(std::string_view ws_url, const Parameters& extra_headers) {
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
  out += "</Stream></Response>";
  return out;
}

}  // namespace voxgate::telephony::plivo
