#pragma once
// Which shape of the OpenAI Realtime protocol a connection speaks
// (PROTOCOLS.md "OpenAI Realtime API"): GA (current, default) or the older
// beta (`OpenAI-Beta: realtime=v1`), kept as a setting for compatible servers.

namespace voxgate::realtime {

enum class Dialect { kGA, kBeta };

}  // namespace voxgate::realtime
