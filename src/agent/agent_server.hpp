#pragma once
// LocalAgentServer: the local agent behind a Realtime-compatible WebSocket
// endpoint, so voxgate (or any Realtime client) talks to it as to OpenAI
// (ARCHITECTURE.md "Local agent"), and behind GPT-Live's on a path ending in
// /live/sessions (LiveAgentSession). Accepts upgrades on any path; the
// `OpenAI-Beta: realtime=v1` header selects the beta dialect for that
// connection. The AgentSpec is loaded once and shared read-only, and so are
// the decoders (AsrPool, one per worker) and the speech (SpeechCache, every
// fixed line rendered at start-up); every connection gets its own
// AgentSession and LocalAgentEngine; ASR/TTS run on a WorkerPool. Listening, upgrading and closing
// on stop are net::WsServer's.
//
// Owner: the caller of start() (unique_ptr). Thread affinity: start() on
// any thread before io runs or while it runs; stop(), port() and stats()
// from any thread. Destroying the server stops it and joins the workers.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "agent/agent_session.hpp"
#include "agent/agent_spec.hpp"
#include "agent/agent_stats.hpp"
#include "agent/asr_pool.hpp"
#include "agent/speech_cache.hpp"
#include "agent/worker_pool.hpp"
#include "common/result.hpp"
#include "net/router.hpp"
#include "net/ws_server.hpp"
#include "realtime/dialect.hpp"

namespace voxgate::agent {

struct AgentServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;                // 0: ephemeral
  std::string agent_file;           // TOML, e.g. examples/agents/dental.toml
  int workers = default_workers();  // ASR/TTS threads
  realtime::Dialect default_dialect = realtime::Dialect::kGA;
  // Audio seconds sent per wall second (1 = real time, as a phone plays it);
  // tests raise it to run faster.
  double playback_speed = 1.0;
  std::string voice = "slt";  // the agent's flite voice
  // Slot-filled lines kept in memory (least recently used dropped first);
  // fixed lines are all kept regardless.
  size_t speech_cache_lines = 256;

  // One worker per core: synthesis and recognition run in parallel.
  static int default_workers();
};

class LocalAgentServer {
 public:
  using Stats = AgentStats;

  // Loads and checks the agent file (building one engine, so a grammar the
  // recogniser rejects fails here), renders every fixed line of it into the
  // speech cache on the workers, binds and starts accepting. Errors are
  // operator-readable sentences. Blocks about a second: call at start-up.
  static common::Result<std::unique_ptr<LocalAgentServer>, std::string> start(
      boost::asio::io_context& io, AgentServerOptions opts);

  ~LocalAgentServer();
  LocalAgentServer(const LocalAgentServer&) = delete;
  LocalAgentServer& operator=(const LocalAgentServer&) = delete;

  uint16_t port() const { return server_->port(); }
  // Stops accepting and closes every open connection. Idempotent.
  void stop() { server_->stop(); }
  Stats stats() const { return stats_->snapshot(); }
  SpeechCache::Stats speech_stats() const { return speech_->stats(); }

  struct Private;
  LocalAgentServer(Private, AgentServerOptions opts, std::shared_ptr<const AgentSpec> spec,
                   std::shared_ptr<SpeechCache> speech);

 private:
  void warm_speech();
  // The WsServer's handler: it runs only while the server lives (WsServer).
  void on_connection(std::shared_ptr<net::WsConnection> conn, const net::HttpRequest& req);
  // A GPT-Live connection (path ending in /live/sessions): LiveAgentSession.
  void on_live_connection(std::shared_ptr<net::WsConnection> conn);

  // passed in
  AgentServerOptions opts_;
  std::shared_ptr<const AgentSpec> spec_;
  // owned
  std::shared_ptr<WorkerPool> workers_;
  std::shared_ptr<SpeechCache> speech_;
  std::shared_ptr<AsrPool> asr_;  // set by start()
  std::shared_ptr<AgentStatsCounters> stats_;
  std::unique_ptr<net::WsServer> server_;
};

}  // namespace voxgate::agent
