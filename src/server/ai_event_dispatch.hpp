#pragma once
// Feeds one parsed Realtime server event to the call core: the translation
// between the realtime codec's types and CallSession's inputs, in one place.
// Pure (no I/O); called by the CallRunner on the call's strand.

#include "call/call_session.hpp"
#include "common/clock.hpp"
#include "realtime/server_events.hpp"

namespace voxgate::server {

// What the shell may want to know beyond what the session does with it.
struct DispatchNote {
  bool unknown = false;          // an event type voxgate does not handle
  bool ignorable_error = false;  // e.g. response_cancel_not_active: log at debug
  const realtime::Error* error = nullptr;
};

DispatchNote dispatch_ai_event(call::CallSession& session, common::TimePoint now,
                               const realtime::ServerEvent& event);

}  // namespace voxgate::server
