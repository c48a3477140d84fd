#pragma once
// LocalAgentServer: the local agent behind a Realtime-compatible WebSocket
// endpoint, so voxgate (or any Realtime client) talks to it as to OpenAI
// (ARCHITECTURE.md "Local agent"). Accepts upgrades on any path; the
// `OpenAI-Beta: realtime=v1` header selects the beta dialect for that
// connection. The AgentSpec is loaded once and shared read-only; every
// connection gets its own AgentSession and LocalAgentEngine; ASR/TTS run on
// a WorkerPool.
//
// Owner: the caller of start() (unique_ptr). Thread affinity: start() on
// any thread before io runs or while it runs; stop(), port() and stats()
// from any thread. Destroying the server stops it and joins the workers.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "agent/agent_session.hpp"
#include "agent/agent_spec.hpp"
#include "agent/agent_stats.hpp"
#include "agent/worker_pool.hpp"
#include "common/result.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"
#include "realtime/dialect.hpp"

namespace voxgate::agent {

struct AgentServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;       // 0: ephemeral
  std::string agent_file;  // TOML, e.g. examples/agents/dental.toml
  int workers = 2;         // ASR/TTS threads
  realtime::Dialect default_dialect = realtime::Dialect::kGA;
  // Audio seconds sent per wall second (1 = real time, as a phone plays it);
  // tests raise it to run faster.
  double playback_speed = 1.0;
  std::string voice = "slt";  // the agent's flite voice
};

class LocalAgentServer {
 public:
  using Stats = AgentStats;

  // Loads and checks the agent file (building one engine, so a grammar the
  // recogniser rejects fails here), binds and starts accepting. Errors are
  // operator-readable sentences. Blocks ~0.2 s: call at start-up.
  static common::Result<std::unique_ptr<LocalAgentServer>, std::string> start(
      boost::asio::io_context& io, AgentServerOptions opts);

  ~LocalAgentServer();
  LocalAgentServer(const LocalAgentServer&) = delete;
  LocalAgentServer& operator=(const LocalAgentServer&) = delete;

  uint16_t port() const { return listener_->port(); }
  // Stops accepting and closes every open connection. Idempotent.
  void stop();
  Stats stats() const { return stats_->snapshot(); }

  struct Private;
  LocalAgentServer(Private, boost::asio::io_context& io, AgentServerOptions opts,
                   std::shared_ptr<const AgentSpec> spec);

 private:
  void on_connection(std::shared_ptr<net::WsConnection> conn, const net::HttpRequest& req);

  // The router's upgrade handler reaches the server through this gate, which
  // the destructor closes: the listener (and its router) may outlive us.
  struct Gate {
    std::mutex mutex;
    LocalAgentServer* server = nullptr;
  };

  // passed in
  AgentServerOptions opts_;
  std::shared_ptr<const AgentSpec> spec_;
  // owned
  std::shared_ptr<Gate> gate_;
  std::shared_ptr<WorkerPool> workers_;
  std::shared_ptr<AgentStatsCounters> stats_;
  std::shared_ptr<net::Listener> listener_;
  // state (any thread)
  std::mutex sessions_mutex_;
  std::vector<std::weak_ptr<AgentSession>> sessions_;
  bool stopped_ = false;
};

}  // namespace voxgate::agent
