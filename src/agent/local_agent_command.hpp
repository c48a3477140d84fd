#pragma once
// The stand-alone local agent program (`voxgate local-agent --listen
// HOST:PORT --agent-file F`): a LocalAgentServer on its own io_context,
// until SIGINT or SIGTERM. Blocks the calling thread; start-up errors go to
// stderr and give a non-zero exit code.

#include <string>

namespace voxgate::agent {

// listen: "HOST:PORT" ("[::1]:PORT" for IPv6; port 0 picks a free one).
// Prints "local agent listening on HOST:PORT" once accepting. Returns the
// process exit code.
int run_local_agent(const std::string& listen, const std::string& agent_file, int workers);

}  // namespace voxgate::agent
