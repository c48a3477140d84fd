#pragma once
// The dashboard's live push: over an accepted WebSocket, the live calls as
// JSON {"calls":[...], "call": {...}|null}, sent when it changed, looked at
// every `interval` (so a viewer gets at most 1/interval messages a second,
// however fast calls change: updates coalesce). `target`'s ?call=ID adds
// that call's record so far. Runs on the connection's strand until it closes.

#include <chrono>
#include <memory>
#include <string_view>

#include "bridge/call_control.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::server {

void start_live_push(std::shared_ptr<net::WsConnection> conn, const bridge::CallControl& calls,
                     std::string_view target, std::chrono::milliseconds interval);
// Closes an upgrade that is not signed in (1008, policy violation, RFC 6455 7.4.1).
void refuse_live(std::shared_ptr<net::WsConnection> conn);

}  // namespace voxgate::server
