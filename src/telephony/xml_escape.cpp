#include "telephony/xml_escape.hpp"

namespace voxgate::telephony {

void append_xml_escaped(std::string& out, std::string_view s) {
  for (const char c : s) {
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
}

void append_parameter_elements(std::string& out, const Parameters& parameters) {
  for (const auto& [name, value] : parameters) {
    out += R"(<Parameter name=")";
    append_xml_escaped(out, name);
    out += R"(" value=")";
    append_xml_escaped(out, value);
    out += "\"/>";
  }
}

}  // namespace voxgate::telephony
