#pragma once
// What a live call is doing right now, for people watching it (the
// dashboard's live list): one word taken from the session's own state, in
// the order that says the most: an end under way, a transfer, an AI leg
// being restored, the greeting, the AI's audio playing, else listening.
// Pure; reads the session, changes nothing.

#include <string_view>

#include "call/call_session.hpp"

namespace voxgate::call {

enum class CallPhase {
  kConnecting,    // the AI leg is being dialled or configured, no greeting yet
  kGreeting,      // the greeting is requested, playing or draining
  kListening,     // the caller has the floor
  kAiSpeaking,    // the AI's audio is playing to the caller
  kReconnecting,  // the AI leg failed and is being restored (BEHAVIOUR 5.3)
  kTransferring,  // a transfer was accepted; the call ends once it is handed over
  kEnding,        // a hang-up is pending or the call is ending or ended
};

CallPhase call_phase(const CallSession& session);
// "connecting", "greeting", "listening", "ai_speaking", "reconnecting",
// "transferring", "ending".
std::string_view to_string(CallPhase phase);

}  // namespace voxgate::call
