#pragma once
// AgentSession: one Realtime-protocol connection to the local agent
// (PROTOCOLS.md "OpenAI Realtime API", server side). Client events come in
// as text; server events go out through `send`. The engine's blocking work
// (ASR, TTS of a line not in memory) runs on the session's WorkerPool lane
// and its results come back to the strand.
//
// Owner: shared_ptr held by the connection's handlers and by in-flight jobs
// and timers. Thread affinity: every method on `strand`, including the
// callbacks; no sockets here, so tests can drive it with a capturing `send`.

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent_spec.hpp"
#include "agent/agent_stats.hpp"
#include "agent/engine.hpp"
#include "agent/paced_audio.hpp"
#include "agent/speech_cache.hpp"
#include "agent/worker_pool.hpp"
#include "realtime/client_events.hpp"
#include "realtime/codec.hpp"
#include "realtime/dialect.hpp"
#include "realtime/server_events.hpp"

namespace voxgate::agent {

struct AgentSessionOptions {
  realtime::Dialect dialect = realtime::Dialect::kGA;
  // Audio seconds sent per wall second; 1 is real time, tests go faster.
  double playback_speed = 1.0;
};

// One entry of the agent's own conversation history.
struct HistoryEntry {
  std::string role;  // "user", "assistant", "system", "tool"
  std::string text;
  std::string item_id;
  int64_t audio_ms = 0;                 // assistant: audio sent so far
  std::optional<int64_t> truncated_ms;  // assistant: cut by conversation.item.truncate
};

class AgentSession : public std::enable_shared_from_this<AgentSession> {
 public:
  struct Deps {
    boost::asio::any_io_executor strand;
    std::shared_ptr<const AgentSpec> spec;
    std::shared_ptr<AsrPool> asr;         // decoders, shared by every call
    std::shared_ptr<SpeechCache> speech;  // the agent's lines, shared by every call
    std::weak_ptr<WorkerPool> workers;
    std::shared_ptr<AgentStatsCounters> stats;
    std::function<void(std::string text)> send;
    std::function<void()> close;  // may be empty
  };

  static std::shared_ptr<AgentSession> make(Deps deps, AgentSessionOptions opts);

  void start();  // sends session.created
  void on_text(std::string_view text);
  void on_close();  // the connection ended: stop everything
  void close();     // server shutdown: close the connection

  const std::vector<HistoryEntry>& history() const { return history_; }
  bool engine_ready() const { return engine_ != nullptr; }
  // The end-of-turn silence in force (the engine's VAD); before the engine
  // exists, the one it will be built with.
  int end_of_turn_silence_ms() const {
    return engine_ ? engine_->end_of_turn_silence_ms() : engine_config_.vad.end_of_turn_silence_ms;
  }

  struct Private;
  AgentSession(Private, Deps deps, AgentSessionOptions opts);
  ~AgentSession();

 private:
  // What a response says: text, its audio, and whether it ends the call.
  struct Reply {
    std::string text;
    std::vector<uint8_t> audio;
    bool end_call = false;
    double tts_s = 0;
    std::optional<std::chrono::steady_clock::time_point> turn_stopped_at;
    std::string transfer_to;  // non-empty: transfer_call after the audio
  };
  struct Response {
    std::string id;
    std::string item_id;
    std::optional<Reply> reply;  // empty until synthesised
    bool first_delta_sent = false;
  };

  // Client events (agent_session.cpp).
  void dispatch(const realtime::ClientEvent& event);
  void on_session_update(const realtime::SessionUpdate& e);
  void on_append(const realtime::AudioAppend& e);
  void on_vad_event(const audio::VadEvent& ev);
  void on_turn_result(const std::string& item_id, TurnResult r,
                      std::chrono::steady_clock::time_point stopped_at);
  void on_response_create();
  void on_response_cancel(const realtime::ResponseCancel& e);
  void on_truncate(const realtime::ItemTruncate& e);
  // agent_session_items.cpp: what the codec has no event for, and commits.
  void on_unparsed(std::string_view text, realtime::ParseError error);
  void on_item_retrieve(const std::string& item_id);
  void on_manual_commit();
  void on_user_item(const realtime::ItemCreateMessage& e);
  void answer_typed(const std::string& response_id);
  void request_engine();
  void on_engine(std::shared_ptr<LocalAgentEngine> engine);
  void send_error(std::string type, std::string code, std::string message);
  static EngineConfig reported_engine_config();

  // Responses (agent_session_response.cpp).
  void speak(Reply reply);
  void begin_response();
  void attach_reply(const std::string& response_id, Reply reply);
  void begin_audio();
  void on_chunk(std::span<const uint8_t> chunk);
  void finish_response();
  void cancel_response(std::string reason);
  // A function_call item of `response_id`, with fresh item and call ids.
  realtime::OutputItemDone function_call(const std::string& response_id, std::string name,
                                         std::string arguments);
  void emit(const realtime::ServerEvent& event);
  // GA item lifecycle (agent_session_lifecycle.cpp; the beta dialect keeps
  // its older, shorter sequence).
  void send_json(boost::json::object event);
  void caller_item_added(const std::string& item_id);
  void caller_item_done(const std::string& item_id, const std::string& transcript);
  void assistant_item_added(const std::string& response_id, const std::string& item_id);
  void assistant_part_done(const std::string& response_id, const std::string& item_id,
                           const std::string& transcript);
  void assistant_item_done(const std::string& item_id, const std::string& transcript);
  boost::json::value previous_of(const std::string& item_id);
  void send_item_event(const char* type, boost::json::object item);
  std::string next_id(const char* prefix);
  HistoryEntry* find_item(const std::string& item_id);

  // passed in
  Deps deps_;
  AgentSessionOptions opts_;
  // owned
  EngineConfig engine_config_;
  std::shared_ptr<LocalAgentEngine> engine_;
  std::optional<WorkerPool::Lane> lane_;
  PacedAudio paced_;
  // state
  bool engine_requested_ = false;
  bool closed_ = false;
  bool greeted_ = false;
  bool call_ended_ = false;  // an end_call reply was spoken: nothing more to say
  bool create_response_ = true;
  bool interrupt_response_ = false;
  realtime::SessionConfig in_force_;           // what session.updated reports
  std::deque<realtime::ClientEvent> waiting_;  // until the engine is ready
  int64_t caller_bytes_ = 0;                   // stream time = bytes / 8 ms
  int64_t uncommitted_bytes_ = 0;              // caller audio since the last commit
  std::string user_item_;                      // the caller turn in progress
  std::chrono::steady_clock::time_point speech_stopped_at_;
  std::optional<Response> active_;
  std::deque<Reply> queued_;       // turn replies waiting for the active response
  std::optional<Reply> unspoken_;  // create_response=false: for the next response.create
  std::optional<std::string> typed_;
  std::string last_item_;                        // the conversation's newest item
  std::map<std::string, std::string> previous_;  // item -> the item before it  // a user text item
                                                 // the next response.create answers
  uint64_t next_id_ = 0;
  std::vector<HistoryEntry> history_;
};

}  // namespace voxgate::agent
