#pragma once
// XML writing shared by the carriers' answer documents (TwiML, TeXML, Plivo
// XML): escaping, and the <Parameter> elements of a <Stream>. No listed library writes XML, and
// five entities are the whole of what those documents need. Stateless; safe on any thread.

#include <string>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony {

// Appends `s` to `out` with & < > " ' written as entities.
void append_xml_escaped(std::string& out, std::string_view s);
// Appends <Parameter name=".." value=".."/> per pair, escaped (TwiML and
// TeXML: they come back among the stream start's custom parameters).
void append_parameter_elements(std::string& out, const Parameters& parameters);

}  // namespace voxgate::telephony
