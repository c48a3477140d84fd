#pragma once
// The OpenAI Realtime protocol as an AI leg (ai/ai_leg.hpp): an AiClient
// underneath, client-managed turns (the server reports the caller's speech;
// voxgate clears, cancels and truncates). Server events become ai::AiEvents
// (to_ai_event), the core's actions become client events.
//
// Owner: shared_ptr held by the call's shell. Thread affinity: the call's
// strand, like the AiClient it wraps.

#include <memory>
#include <optional>

#include "ai/ai_leg.hpp"
#include "realtime/ai_client.hpp"
#include "realtime/session_config.hpp"

namespace voxgate::realtime {

class RealtimeLeg final : public ai::AiLeg {
 public:
  // A dialer for the app to hand the shell: every call dials `options` and
  // configures `session`.
  static ai::AiDialer dialer(AiClientOptions options, SessionConfig session);

  RealtimeLeg(std::shared_ptr<AiClient> client, std::shared_ptr<const SessionConfig> session);

  void configure() override;
  bool append_audio(std::string_view payload_b64) override;
  void add_text(ai::Speaker speaker, std::string_view text) override;
  void function_output(std::string_view call_id, std::string_view output) override;
  void create_response(std::optional<std::string_view> instructions) override;
  void cancel_response(std::string_view response_id) override;
  void truncate(std::string_view item_id, int64_t audio_end_ms) override;
  void close() override;
  bool is_open() const override;
  ai::AiTurnModel turn_model() const override { return ai::AiTurnModel::kClientManaged; }

 private:
  std::shared_ptr<AiClient> client_;
  std::shared_ptr<const SessionConfig> session_;
};

// nullopt: a message the call core never sees (an output item other than a
// function call: its content came in its own events).
std::optional<ai::AiEvent> to_ai_event(ServerEvent&& event);

ai::AiFailure to_ai_failure(const AiFailure& failure);

}  // namespace voxgate::realtime
