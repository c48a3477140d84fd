#pragma once
// LiveSession: what one fake GPT-Live connection does (PROTOCOLS-LIVE), as a
// pure state machine. As strict as the brief: session.start must come first
// and is checked field by field (live_start_check.hpp); nothing else is
// accepted before it. Then:
// - output: one continuous stream paced in real time (delta k due at
//   session.started + k * delta_ms), silence between turns (output_silence),
//   a turn's audio with output transcript fragments timed on the session's
//   timeline; no response ids, no "done";
// - a turn starts on session.commentary.append (greeting, answered client
//   delegation), after a caller turn (create_response) and on
//   response.create once a backend batch is answered;
// - caller turns: scripted [[events]] or the energy VAD; the model yields
//   live_yield_ms after the caller starts talking over it (no client cancel
//   exists); a caller turn ends with timed input transcript fragments;
// - tools: at the end of the N-th turn the script's calls arrive as a
//   delegation: Responses (session.delegation.created, then response.event
//   wrapping response.created, output_item.done per call and
//   response.completed with an empty output), or client (delegation.created,
//   answered by a commentary carrying its id). response.create before every
//   call has its function_call_output is rejected;
// - session.close -> session.closed close_requested, then the socket closes.
// Events are sent as JSON text (Action::kSendRaw). Owned by one connection.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fakeai/energy_vad.hpp"
#include "fakeai/fault_schedule.hpp"
#include "fakeai/script.hpp"
#include "fakeai/scripted_session.hpp"
#include "live/start_check.hpp"

namespace voxgate::fakeai {

class LiveSession final : public ScriptedSession {
 public:
  // `faults` is false when fault_connections excludes this connection;
  // `id` names the session in session.started (live_<id>).
  LiveSession(const CallScript& script, bool faults, TimePoint start, uint64_t id = 1);

  std::vector<Action> start() override;  // nothing: the client speaks first
  std::vector<Action> on_client_text(std::string_view text, TimePoint now) override;
  std::vector<Action> on_timer(TimePoint now) override;
  std::optional<TimePoint> next_deadline() const override;
  bool reads_stalled() const override { return faults_.stalled() && script_.stall_reads; }
  Stats take_stats() override;

  const Stats& stats() const { return stats_; }
  bool closed() const { return closed_; }
  bool speaking() const { return turn_.has_value(); }

 private:
  using Out = std::vector<Action>;
  using Object = boost::json::object;
  struct Turn {
    int number = 0;  // 1-based within the connection
    size_t sent = 0, total = 0;
    std::optional<TimePoint> yield_at;  // the caller talked over it
  };

  // live_session.cpp: client events and faults.
  void emit(Out& out, Object ev);
  void emit_error(Out& out, std::string code, std::string message, std::string param = {});
  void on_event(Out& out, const Object& ev, TimePoint now);
  void on_start(Out& out, const Object& ev, TimePoint now);
  void on_append(Out& out, const Object& ev, TimePoint now);
  void on_context(Out& out, std::string_view type, const Object& ev, TimePoint now);
  void on_function_output(Out& out, const Object& ev);
  void on_response_create(Out& out, TimePoint now);
  void on_close(Out& out, std::string_view reason, TimePoint now);
  void run_faults(Out& out, TimePoint now);
  void close(Out& out, int64_t code);  // 0 = drop TCP
  void run_events(Out& out, TimePoint now);
  // live_session_output.cpp: the output stream, caller turns, tools.
  void request_turn(TimePoint now);
  void pump(Out& out, TimePoint now);
  void send_delta(Out& out, TimePoint at);
  void finish_turn(Out& out, bool interrupted, TimePoint at);
  void delegate(Out& out, const std::vector<ScriptedToolCall>& calls, TimePoint at);
  void speech_started(TimePoint now);
  void speech_stopped(Out& out, int64_t start_ms, int64_t end_ms, TimePoint now);
  void feed_vad(Out& out, std::string_view bytes, TimePoint now);
  std::string session_audio(std::string_view ulaw) const;
  Object usage(TimePoint at) const;
  int64_t ms(TimePoint t) const;
  TimePoint at(int64_t ms) const { return start_ + common::Millis(ms); }

  // Passed in.
  const CallScript& script_;
  const TimePoint start_;
  const std::string id_;
  // Owned.
  FaultSchedule faults_;
  Stats stats_;
  EnergyVad vad_;
  std::vector<std::string> words_, caller_words_;
  // State.
  std::optional<live::LiveStart> session_;  // set by an accepted session.start
  std::optional<Turn> turn_;
  int queued_turns_ = 0, turn_counter_ = 0;
  uint64_t event_counter_ = 0, call_counter_ = 0, delegation_counter_ = 0;
  bool streaming_ = false;
  TimePoint next_delta_{};
  std::set<std::string> pending_calls_;  // Responses calls awaiting their output
  size_t answered_ = 0;                  // outputs received since the last continuation
  std::string client_delegation_;        // awaiting its commentary
  bool in_speech_ = false, muted_ = false;
  int64_t speech_start_ms_ = 0;
  size_t next_event_ = 0;
  bool closed_ = false;
};

}  // namespace voxgate::fakeai
