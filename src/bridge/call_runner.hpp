#pragma once
// CallRunner: the per-call shell (ARCHITECTURE.md). It owns the caller leg
// (a CallerTransport and the carrier's CallerCodec), the AI leg (any
// protocol, through ai::AiLeg), the call's timer, its recording and record,
// all on the caller connection's strand, so nothing inside a call needs a
// lock. It feeds the legs' events to the CallSession and carries out the
// session's actions (it is the session's ActionSink). It names no carrier
// and no AI protocol, and keeps no end reason: the session owns how a call
// ends.
//
// Every handler catches: a failure ends only this call (STYLE.md "Errors").
// It never writes to a closed socket (the transport refuses) and frees
// everything on every path: finish() runs exactly once, whatever ends the
// call.
//
// Owner: shared_ptr kept alive by the caller connection's handlers and the
// tick timer; the registry holds a weak_ptr. Thread affinity: the strand;
// request_hangup(), request_say(), request_transfer() and
// request_shutdown() may be called from any thread.

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ai/ai_leg.hpp"
#include "bridge/call_record_builder.hpp"
#include "bridge/call_recording.hpp"
#include "bridge/call_registry.hpp"
#include "bridge/caller_stall_guard.hpp"
#include "bridge/caller_transport.hpp"
#include "bridge/chunked_playout.hpp"
#include "bridge/media_gate.hpp"
#include "bridge/runner_deps.hpp"
#include "call/action_sink.hpp"
#include "call/call_phase.hpp"
#include "call/call_session.hpp"
#include "obs/log.hpp"
#include "obs/rate_limiter.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::bridge {

// The carrier's outbound chunk rule (the traits' play_*_ms) in the bytes of
// the call's format; none when the carrier plays audio in any size.
std::optional<ChunkedPlayout> chunked_playout(const telephony::CallerLegTraits& traits,
                                              const audio::Format& call, common::Duration tick);

class CallRunner final : public call::ActionSink,
                         public LiveCall,
                         public std::enable_shared_from_this<CallRunner> {
 public:
  // Starts a call on the caller connection's strand (call from that strand).
  // `codec` speaks the carrier dialect of the route the caller came in on.
  static std::shared_ptr<CallRunner> start(std::shared_ptr<CallerTransport> caller,
                                           std::unique_ptr<telephony::CallerCodec> codec,
                                           const RunnerDeps& deps);
  // The product's caller leg: a WebSocket (WsCallerTransport).
  static std::shared_ptr<CallRunner> start(std::shared_ptr<net::WsConnection> caller,
                                           std::unique_ptr<telephony::CallerCodec> codec,
                                           const RunnerDeps& deps);

  CallRunner(std::shared_ptr<CallerTransport> caller, std::unique_ptr<telephony::CallerCodec> codec,
             const RunnerDeps& deps);
  ~CallRunner() override;

  void request_hangup(const std::string& reason) override;
  ControlResult request_say(const std::string& text) override;         // call_runner_tools.cpp
  ControlResult request_transfer(const std::string& target) override;  // call_runner_tools.cpp
  void request_shutdown() override;
  store::CallRecord snapshot() const override;

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
  void on_caller_frame(std::string_view frame, bool binary);
  void on_caller_event(common::TimePoint t, telephony::CallerEvent& event);
  void on_caller_start(const telephony::CallerStarted& start);
  // call_runner_admission.cpp (BEHAVIOUR 0): the start is checked (stream
  // token, then format and capacity) before anything of the call exists. The
  // token's replay check may be asked of the shared state (Redis): the call
  // is admitted only once it answers, on this runner's strand.
  void begin_admission(const telephony::CallerStarted& start);
  void on_token_verdict(const telephony::CallerStarted& start, const StreamTokenVerdict& verdict);
  bool admit(const telephony::CallerStarted& start);
  void refuse(std::string_view reason, uint16_t close_code, std::string_view why);
  void reject_before_start(std::string_view event);
  void check_start_deadline();
  void on_caller_oversized(std::size_t bytes);
  void on_caller_closed(const net::CloseInfo& info);
  void on_ai_connected(std::shared_ptr<ai::AiLeg> leg, common::TimePoint dialled);
  void on_ai_event(const ai::AiEvent& event);
  void on_ai_failure(const ai::AiFailure& failure);
  void schedule_tick();
  // Frees the call's resources and writes its record, with the end reason the
  // session decided (BEHAVIOUR 5: the session is the one owner of it).
  void finish();
  void bad_caller_message(std::string_view why);
  void on_tool_verdict(const std::string& call_id, const std::string& name, ToolVerdict verdict);
  void count_tool_result(const call::CallEvent& event);
  void log_and_count_ai_trouble(const call::CallEvent& event);
  void end_if_caller_stalled();
  // One payload to the caller as the carrier takes it. For a carrier with a
  // chunk rule (traits' play_*_ms), audio and marks go through chunked_
  // first and come out as pieces.
  void write_caller_media(std::string_view payload_b64);
  void write_pieces();
  // Runs fn; any exception is reported to the session, which ends the call
  // (end reason internal_error) through its one path.
  template <typename Fn>
  void guarded(const char* where, Fn&& fn);
  // The same, for code in other files of the runner (call_runner_tools.cpp).
  void guarded_call(const char* where, const std::function<void()>& fn);
  void shell_error(const char* where);
  common::TimePoint now() const { return deps_.clock->now(); }

  // passed in
  std::shared_ptr<CallerTransport> caller_;
  std::unique_ptr<telephony::CallerCodec> codec_;
  RunnerDeps deps_;
  // owned
  call::CallSession session_;
  std::shared_ptr<ai::AiLeg> ai_;
  boost::asio::steady_timer tick_;
  CallRecordBuilder record_;
  // A copy of record_.current() for other threads (snapshot()); refreshed at
  // each record event (turn-level, a few per second at most), never per frame.
  void publish_snapshot();
  void note_phase();
  call::CallPhase phase_ = call::CallPhase::kConnecting;
  mutable std::mutex snapshot_mu_;
  store::CallRecord snapshot_;
  std::optional<CallRecording> recording_;
  obs::LogContext log_;
  obs::RateLimiter bad_log_limit_;
  CallerStallGuard stall_guard_;
  std::unique_ptr<MediaGate::Ticket> ticket_;       // null without a gate
  audio::Format call_format_ = audio::kPhoneMulaw;  // chosen at admission
  std::optional<ChunkedPlayout> chunked_;           // only for a carrier with a chunk rule
  ChunkedPlayout::Pieces pieces_;                   // what chunked_ released, to send
  std::vector<uint8_t> decoded_;                    // scratch: a payload for chunked_
  // state
  const common::TimePoint opened_at_;  // the start deadline counts from here
  bool admitted_ = false;              // BEHAVIOUR 0: nothing of the call before this
  bool admitting_ = false;             // the stream token's replay check is out
  bool finished_ = false;
  uint32_t bad_in_a_row_ = 0;
  // The AI leg dial or connection callbacks may act on: a dial in flight or
  // a leg closed since gets a stale number and is ignored. The session dials
  // only from idle or after close_ai_leg() (its AiLeg state), so no flag
  // says "dialling" here.
  uint64_t ai_generation_ = 0;
  // One transfer per call (API or tool). The session knows a transfer is
  // pending only on the strand, but the API answers "conflict" at once from
  // its own thread, so the claim is made here, atomically, first.
  std::atomic<bool> transfer_claimed_{false};
};

}  // namespace voxgate::bridge
