#pragma once
// LiveAgentSession: one GPT-Live connection to the local agent
// (PROTOCOLS-LIVE, the service's side), beside the Realtime AgentSession and
// on the same engine (VAD, ASR, dialogue, speech cache). As strict as the
// brief says the service is: session.start comes first and is checked field
// by field (live/start_check.hpp); anything before it is
// `session_not_started`. Then:
// - output is one continuous stream in the session's format, one 100 ms
//   delta per tick at real time (playback_speed scales it), silence between
//   replies; each reply announced by a timed output transcript fragment;
// - a caller turn (the engine's VAD) ends with a timed input transcript
//   fragment, and its reply joins the stream; the model yields: caller speech
//   over a reply drops the rest of it (no client cancel exists);
// - session.commentary.append is spoken (the first: the greeting; later: the
//   current prompt); thinking and instructions appends are kept as context;
// - under Responses delegation an end_call or transfer reply ends with the
//   function call (delegation.created, response.event created / item done /
//   completed); response.create before every output is in is rejected. Under
//   client delegation the agent delegates nothing;
// - session.close -> session.closed close_requested, then the socket closes.
//
// Owner: shared_ptr held by the connection's handlers, in-flight jobs and
// the tick timer (weakly). Thread affinity: every method on `strand`.

#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent_session.hpp"
#include "agent/live_audio.hpp"
#include "live/start_check.hpp"

namespace voxgate::agent {

class LiveAgentSession : public std::enable_shared_from_this<LiveAgentSession> {
 public:
  using Deps = AgentSession::Deps;

  static std::shared_ptr<LiveAgentSession> make(Deps deps, double playback_speed);

  void on_text(std::string_view text);
  void on_close();  // the connection ended: stop everything

  // The context appended so far (thinking and instructions), oldest first.
  const std::vector<HistoryEntry>& history() const { return history_; }

  struct Private;
  LiveAgentSession(Private, Deps deps, double playback_speed);
  ~LiveAgentSession();

 private:
  using Object = boost::json::object;
  struct Reply {
    std::string text;
    std::vector<uint8_t> ulaw;
    bool end_call = false;
    std::string transfer_to;
  };
  struct Playing {
    Reply reply;
    size_t sent = 0;
  };

  // Client events (live_session.cpp).
  void on_event(const Object& ev);
  void on_start(const Object& ev);
  void on_append(const Object& ev);
  void on_context(std::string_view type, const Object& ev);
  void on_function_output(const Object& ev);
  void on_response_create();
  void on_session_update(const Object& ev);
  void on_session_close();
  void emit(Object ev);
  void emit_error(std::string code, std::string message, std::string param = {});

  // Turns and output (live_session_output.cpp).
  void on_vad_event(const audio::VadEvent& ev);
  void on_turn_result(TurnResult r, int64_t start_ms, int64_t end_ms);
  void speak_line(bool greeting);
  void queue_reply(Reply reply);
  void schedule_tick();
  void tick();
  void start_reply();
  void end_reply();
  void delegate(const std::string& name, const std::string& arguments);
  int64_t stream_ms() const { return ticks_ * kDeltaMs; }

  static constexpr int64_t kDeltaMs = 100;

  // passed in
  Deps deps_;
  std::chrono::nanoseconds tick_interval_;
  // owned
  std::shared_ptr<LocalAgentEngine> engine_;
  std::optional<WorkerPool::Lane> lane_;
  std::optional<LiveAudio> audio_;
  boost::asio::steady_timer timer_;
  // state
  std::optional<live::LiveStart> session_;
  std::string id_;
  bool closed_ = false, muted_ = false, greeted_ = false, call_ended_ = false;
  std::chrono::steady_clock::time_point started_at_;
  int64_t ticks_ = 0;         // deltas sent: stream time = ticks * 100 ms
  int64_t caller_bytes_ = 0;  // caller audio as 8 kHz mu-law: 8 bytes per ms
  std::optional<Playing> playing_;
  std::deque<Reply> queued_;
  std::set<std::string> pending_calls_;  // Responses calls awaiting their output
  uint64_t next_id_ = 0;
  std::vector<HistoryEntry> history_;
};

}  // namespace voxgate::agent
