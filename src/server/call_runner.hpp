#pragma once
// CallRunner: the per-call shell (ARCHITECTURE.md). It owns the caller
// WebSocket, the AI-leg client, the call's timer, its recording and record,
// all on the caller connection's strand, so nothing inside a call needs a
// lock. It feeds wire events to the CallSession and carries out the
// session's actions (it is the session's ActionSink).
//
// Every handler catches: a failure ends only this call (STYLE.md "Errors").
// It never writes to a closed socket (WsConnection refuses) and frees
// everything on every path: finish() runs exactly once, whatever ends the
// call.
//
// Owner: shared_ptr kept alive by the caller connection's handlers and the
// tick timer; the registry holds a weak_ptr. Thread affinity: the strand;
// request_hangup() may be called from any thread.

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "call/action_sink.hpp"
#include "call/call_session.hpp"
#include "net/ws_connection.hpp"
#include "obs/log.hpp"
#include "obs/rate_limiter.hpp"
#include "realtime/ai_client.hpp"
#include "server/call_record_builder.hpp"
#include "server/call_recording.hpp"
#include "server/call_registry.hpp"
#include "server/caller_stall_guard.hpp"
#include "server/runner_deps.hpp"
#include "telephony/twilio/events.hpp"

namespace voxgate::server {

class CallRunner final : public call::ActionSink,
                         public LiveCall,
                         public std::enable_shared_from_this<CallRunner> {
 public:
  // Starts a call on the caller connection's strand (call from that strand).
  static std::shared_ptr<CallRunner> start(std::shared_ptr<net::WsConnection> caller,
                                           const RunnerDeps& deps);

  CallRunner(std::shared_ptr<net::WsConnection> caller, const RunnerDeps& deps);
  ~CallRunner() override;

  void request_hangup(const std::string& reason) override;
  ControlResult request_say(const std::string& text) override;         // call_runner_tools.cpp
  ControlResult request_transfer(const std::string& target) override;  // call_runner_tools.cpp
  void request_shutdown() override;

  // call::ActionSink
  void send_caller_media(std::string_view payload_b64) override;
  void send_caller_mark(std::string_view name) override;
  void send_caller_clear() override;
  void play_clip(call::Clip clip, std::string_view mark_name) override;
  void open_ai_leg() override;
  void close_ai_leg() override;
  void configure_ai() override;
  void send_ai_append(std::string_view payload_b64) override;
  void send_ai_item_text(call::Role role, std::string_view text) override;
  void send_ai_function_output(std::string_view call_id, std::string_view output) override;
  void send_ai_response_create(std::optional<std::string_view> instructions) override;
  void send_ai_cancel(std::string_view response_id) override;
  void send_ai_truncate(std::string_view item_id, int64_t audio_end_ms) override;
  void invoke_tool(std::string_view call_id, std::string_view name,
                   std::string_view arguments_json) override;  // call_runner_tools.cpp
  void transfer_call(std::string_view target) override;        // call_runner_tools.cpp
  void end_call(call::EndReason reason) override;
  void record(const call::CallEvent& event) override;
  void metric(call::Metric kind, double value) override;

 private:
  void begin();
  void on_caller_text(std::string_view text);
  void on_twilio_start(const telephony::twilio::Start& start);
  // call_runner_stream_token.cpp: strips the stream token parameter and,
  // when tokens are on, redeems it; false when the stream was refused.
  bool admit_stream(telephony::twilio::Start& start);
  void on_caller_closed(const net::CloseInfo& info);
  void on_ai_connected(std::shared_ptr<realtime::AiClient> client, common::TimePoint dialled);
  void on_ai_event(const realtime::ServerEvent& event);
  void on_ai_failure(const realtime::AiFailure& failure);
  void schedule_tick();
  void finish();
  void bad_caller_message(std::string_view why);
  void on_tool_verdict(const std::string& call_id, const std::string& name, ToolVerdict verdict);
  void count_tool_result(const call::CallEvent& event);
  void end_if_caller_stalled();
  // Runs fn; any exception ends this call as caller_leg_fatal.
  template <typename Fn>
  void guarded(const char* where, Fn&& fn);
  // The same, for code in other files of the runner (call_runner_tools.cpp).
  void guarded_call(const char* where, const std::function<void()>& fn);
  common::TimePoint now() const { return deps_.clock->now(); }

  // passed in
  std::shared_ptr<net::WsConnection> caller_;
  RunnerDeps deps_;
  // owned
  call::CallSession session_;
  std::shared_ptr<realtime::AiClient> ai_;
  boost::asio::steady_timer tick_;
  CallRecordBuilder record_;
  std::optional<CallRecording> recording_;
  obs::LogContext log_;
  obs::RateLimiter bad_log_limit_;
  CallerStallGuard stall_guard_;
  // state
  std::string stream_sid_;
  std::optional<call::EndReason> end_reason_;
  std::string end_detail_;
  bool dialling_ = false;
  bool finished_ = false;
  uint32_t bad_in_a_row_ = 0;
  uint64_t ai_generation_ = 0;  // ignores callbacks from a replaced AI client
  // Barge-in latency as the shell sees it: AI event received to clear queued.
  std::optional<common::TimePoint> dispatch_started_;
  bool cleared_in_dispatch_ = false;
  std::atomic<bool> transfer_claimed_{false};  // one transfer per call (API or tool)
};

}  // namespace voxgate::server
