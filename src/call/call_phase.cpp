#include "call/call_phase.hpp"

namespace voxgate::call {

CallPhase call_phase(const CallSession& s) {
  if (s.transfer_target()) return CallPhase::kTransferring;
  if (s.ended() || s.ending() || s.hangup_pending()) return CallPhase::kEnding;
  if (s.ai_recovering()) return CallPhase::kReconnecting;
  if (s.greeting_active()) return CallPhase::kGreeting;
  if (s.ai_audio_playing()) return CallPhase::kAiSpeaking;
  const auto leg = s.ai_leg();
  if (leg == CallSession::AiLeg::kDialling || leg == CallSession::AiLeg::kConfiguring ||
      leg == CallSession::AiLeg::kIdle) {
    return CallPhase::kConnecting;
  }
  return CallPhase::kListening;
}

std::string_view to_string(CallPhase phase) {
  switch (phase) {
    case CallPhase::kConnecting:
      return "connecting";
    case CallPhase::kGreeting:
      return "greeting";
    case CallPhase::kListening:
      return "listening";
    case CallPhase::kAiSpeaking:
      return "ai_speaking";
    case CallPhase::kReconnecting:
      return "reconnecting";
    case CallPhase::kTransferring:
      return "transferring";
    case CallPhase::kEnding:
      return "ending";
  }
  return "listening";
}

}  // namespace voxgate::call
