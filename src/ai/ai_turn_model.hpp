#pragma once
// How an AI protocol takes turns (ARCHITECTURE.md "The one idea"; the rules of
// each: BEHAVIOUR.md 3). An AI leg says which model it follows; the call core
// reads it to decide what barge-in does.

namespace voxgate::ai {

enum class AiTurnModel {
  // The server reports the caller's speech; voxgate clears the carrier's
  // playout, cancels the response and truncates the item (Realtime).
  kClientManaged,
  // One continuous output stream; the model yields by itself; voxgate only
  // keeps the carrier's playout shallow and never clears on caller speech
  // (GPT-Live).
  kModelManaged,
};

}  // namespace voxgate::ai
