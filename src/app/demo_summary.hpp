#pragma once
// What `voxgate demo` shows last (README "After a call: metrics and the call
// record"): the running server's own GET /metrics and GET /api/calls/{id},
// fetched over loopback HTTP as an operator's curl would, summarised in a few
// lines.
//
// Called by the demo command on its own thread while voxgate still serves.

#include <cstdint>
#include <ostream>
#include <string>

namespace voxgate::app {

// The `_count` of every histogram in Prometheus text, "name count" per line.
std::string histogram_counts(const std::string& prometheus_text);

// Fetches /metrics and /api/calls/{call_id} (bearer `api_token`; waits up to
// a few seconds for the record to be written) and prints the summary.
// Returns false when either could not be read.
bool print_served_summary(uint16_t port, const std::string& call_id, const std::string& api_token,
                          std::ostream& out);

}  // namespace voxgate::app
