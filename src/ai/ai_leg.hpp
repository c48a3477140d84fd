#pragma once
// The AI leg's contract (ARCHITECTURE.md "The one idea"): what the per-call
// shell (bridge/CallRunner) uses of any AI protocol. An implementation (the
// Realtime protocol in realtime/, GPT-Live later in live/) dials, turns the
// core's AI actions into its client messages and its server messages into
// AiEvents, and reports each failure once.
//
// Why a folder of its own: a module links only modules before it (common;
// audio; net; telephony, realtime, live; call; ...), and the protocols must
// implement this contract, so it cannot live in call/ or bridge/
// (docs/architecture.md "Departures").
//
// Owner: shared_ptr held by the call's shell. Thread affinity: the call's
// strand; handlers run there; every method must be called there.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ai/ai_event.hpp"
#include "ai/ai_turn_model.hpp"
#include "audio/format.hpp"
#include "common/result.hpp"

namespace voxgate::ai {

struct AiFailure {
  std::string kind;         // metric label: "refused", "timeout", "closed", ...
  std::string description;  // for the log and the call record; never a secret
  // Redialling cannot help (a bad key, a refused model): no reconnect loop.
  bool fatal = false;
};

enum class Speaker { kUser, kAssistant };

class AiLeg {
 public:
  struct Handlers {
    std::function<void(AiEvent&& event)> on_event;
    // At most once, and never after close().
    std::function<void(const AiFailure& failure)> on_failure;
    // Each message the protocol could not read (counted; the call goes on).
    std::function<void(std::string_view reason)> on_bad_message;
  };
  using DialResult = common::Result<std::shared_ptr<AiLeg>, AiFailure>;
  using DialDone = std::function<void(DialResult)>;

  virtual ~AiLeg() = default;

  // Sends the session configuration the leg was dialled with (instructions,
  // voice, audio formats, turn detection, tools).
  virtual void configure() = 0;
  // false: refused (queue full or closed).
  virtual bool append_audio(std::string_view payload_b64) = 0;
  virtual void add_text(Speaker speaker, std::string_view text) = 0;
  virtual void function_output(std::string_view call_id, std::string_view output) = 0;
  virtual void create_response(std::optional<std::string_view> instructions) = 0;
  virtual void cancel_response(std::string_view response_id) = 0;
  // The item's audio after audio_end_ms was never heard (BEHAVIOUR 3).
  virtual void truncate(std::string_view item_id, int64_t audio_end_ms) = 0;
  virtual void close() = 0;

  virtual bool is_open() const = 0;
  virtual AiTurnModel turn_model() const = 0;
};

// Dials one AI leg for a call: handlers and `done` run on `strand`. The
// leg carries `audio` both ways (the call's format, one of the formats the
// app offered for this protocol: RunnerDeps::ai_formats).
using AiDialer = std::function<void(boost::asio::any_io_executor strand, const audio::Format& audio,
                                    AiLeg::Handlers handlers, AiLeg::DialDone done)>;

}  // namespace voxgate::ai
