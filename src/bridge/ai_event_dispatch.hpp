#pragma once
// Feeds one AI event (ai/ai_event.hpp, any protocol) to the call core: the
// translation between the AI leg's vocabulary and CallSession's inputs, in
// one place. Pure (no I/O); called by the CallRunner on the call's strand.

#include "ai/ai_event.hpp"
#include "call/call_session.hpp"
#include "common/clock.hpp"

namespace voxgate::bridge {

// What the shell may want to know beyond what the session does with it.
struct DispatchNote {
  bool unknown = false;          // an event type voxgate does not handle
  bool ignorable_error = false;  // e.g. response_cancel_not_active: log at debug
  const ai::Error* error = nullptr;
};

DispatchNote dispatch_ai_event(call::CallSession& session, common::TimePoint now,
                               const ai::AiEvent& event);

}  // namespace voxgate::bridge
