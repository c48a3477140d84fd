#pragma once
// The GPT-Live protocol as an AI leg (ai/ai_leg.hpp): one WebSocket (ws:// or
// wss://, net::WsClient), model-managed turns (BEHAVIOUR 3: the model yields
// by itself; nothing to cancel or truncate). The protocol rules live in
// LiveTranslator; this class owns the socket, the codec calls and one timer
// (turn gaps, the bounded wait for session.closed).
//
// The API key goes only into a header (Authorization: Bearer, or Azure's
// api-key); it is never logged or put into a failure.
//
// Owner: shared_ptr held by the call's shell. Thread affinity: the call's
// strand; handlers run there; every method must be called there.

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "ai/ai_leg.hpp"
#include "common/clock.hpp"
#include "live/live_translator.hpp"
#include "live/session_start.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::live {

enum class AuthHeader {
  kBearer,  // Authorization: Bearer <key> (OpenAI; Azure with an Entra token)
  kApiKey,  // api-key: <key> (Azure resource keys, PROTOCOLS-LIVE 1)
};

struct LiveOptions {
  // PROTOCOLS-LIVE 1: no query parameters; the model travels in session.start.
  std::string url = "wss://api.openai.com/v1/live/sessions";
  std::string api_key;  // empty => no auth header
  AuthHeader auth = AuthHeader::kBearer;
  std::string user_agent = "voxgate/0.1 C++";
  std::string ca_file;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds handshake_timeout{5000};
  // BEHAVIOUR 5 liveness, as for the Realtime leg (ai_client.hpp).
  std::chrono::milliseconds idle_timeout{1000};
  std::chrono::milliseconds pong_timeout{5000};
  std::size_t max_queue = 1024;
  std::size_t max_message = 4u << 20;
  uint32_t malformed_threshold = 20;  // consecutive bad messages before a failure
  common::Millis turn_gap{800};       // PROTOCOLS-LIVE 5.5
  common::Millis close_wait{5000};    // PROTOCOLS-LIVE 8: wait for session.closed
};

class LiveLeg final : public ai::AiLeg, public std::enable_shared_from_this<LiveLeg> {
 public:
  // A dialer for the app to hand the shell: every call dials `options` and
  // starts `session`.
  static ai::AiDialer dialer(LiveOptions options, StartConfig session);

  LiveLeg(std::shared_ptr<net::WsConnection> ws, Handlers handlers,
          std::shared_ptr<const LiveOptions> options, std::shared_ptr<const StartConfig> session,
          const common::Clock& clock);
  // Begins reading; call once, right after construction.
  void start();

  void configure() override;
  bool append_audio(std::string_view payload_b64) override;
  void add_text(ai::Speaker speaker, std::string_view text) override;
  void function_output(std::string_view call_id, std::string_view output) override;
  void create_response(std::optional<std::string_view> instructions) override;
  // PROTOCOLS-LIVE 5: no cancel or truncate exists; the model yields itself.
  void cancel_response(std::string_view) override {}
  void truncate(std::string_view, int64_t) override {}
  void close() override;
  bool is_open() const override;
  ai::AiTurnModel turn_model() const override { return ai::AiTurnModel::kModelManaged; }

  // For logs and support (PROTOCOLS-LIVE 1); empty before session.started.
  const std::string& session_id() const { return translator_.session_id(); }

 private:
  void on_text(std::string_view text);
  void hear_caller(std::string_view payload_b64);
  void on_close(const net::CloseInfo& info);
  void apply(LiveOutput&& out);
  void report(const ai::AiFailure& failure);
  void arm_timer();
  void on_timer(boost::system::error_code ec);

  // passed in
  std::shared_ptr<net::WsConnection> ws_;
  Handlers handlers_;
  std::shared_ptr<const LiveOptions> options_;
  std::shared_ptr<const StartConfig> session_;
  const common::Clock& clock_;
  // owned
  LiveTranslator translator_;
  boost::asio::steady_timer timer_;
  // state
  std::optional<common::TimePoint> close_by_;  // close(): the socket closes by then
  // From close() until the socket has closed: the shell may drop the leg at
  // close(), but session.closed (or the bounded wait) must still close it.
  std::shared_ptr<LiveLeg> self_while_closing_;
  std::optional<common::TimePoint> timer_at_;
  uint32_t bad_in_a_row_ = 0;
  bool closed_by_us_ = false;
  bool reported_ = false;
};

}  // namespace voxgate::live
