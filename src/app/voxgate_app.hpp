#pragma once
// VoxgateApp: one running voxgate, built from a validated Config: the event
// loop and its threads, the HTTP/WebSocket server and its routes (/twiml,
// /media, /healthz, /readyz, /metrics, /api), the AI-leg choice (OpenAI or a
// compatible URL, the in-process local agent, or the echo test mode), call
// records, recordings and metrics; and a graceful shutdown that stops taking
// calls, ends the live ones cleanly and writes every record.
//
// Owner: a command (serve, demo). Thread affinity: start(), stop() and
// wait() from the owning thread; the rest runs on the io threads.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "agent/agent_server.hpp"
#include "common/result.hpp"
#include "config/config.hpp"
#include "net/io_pool.hpp"
#include "obs/call_metrics.hpp"
#include "server/api.hpp"
#include "server/call_registry.hpp"
#include "server/memory_trimmer.hpp"
#include "server/runner_deps.hpp"
#include "server/server.hpp"
#include "server/tool_runner.hpp"
#include "server/transfer_book.hpp"
#include "store/record_writer.hpp"
#include "store/sqlite_call_store.hpp"

namespace voxgate::app {

// Which AI leg the config selects, after resolving "auto".
enum class AgentMode { kLocal, kOpenAi, kUrl, kEcho };
AgentMode resolve_agent(const config::Config& c);
std::string_view to_string(AgentMode m);

class VoxgateApp {
 public:
  explicit VoxgateApp(config::Config config);
  ~VoxgateApp();

  // Builds everything, binds and starts the io threads. Errors are sentences
  // an operator can act on.
  common::Result<bool, std::string> start();
  uint16_t port() const { return server_ ? server_->port() : 0; }
  AgentMode agent_mode() const { return mode_; }

  // Graceful stop: not ready, refuse new calls, end live ones (they finish
  // their records), wait up to `grace`, then stop the loop and drain writes.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  store::CallStore* store() { return store_.get(); }
  obs::MetricsRegistry& metrics_registry() { return registry_metrics_; }
  server::CallRegistry& calls() { return calls_; }
  const server::TransferBook& transfers() const { return transfers_; }
  const config::Config& config() const { return config_; }

 private:
  common::Result<bool, std::string> open_store();
  common::Result<bool, std::string> prepare_ai_leg();
  common::Result<bool, std::string> prepare_clips();
  void install_routes();
  void prepare_tools();                      // voxgate_app_tools.cpp (issue 9)
  void install_tool_routes(net::Router& r);  // POST /twiml/after
  void prepare_security(server::ServerOptions& so);
  void on_media(std::shared_ptr<net::WsConnection> conn);
  void start_memory_trimmer();

  config::Config config_;
  AgentMode mode_;
  // Owned through a pointer so stop() can destroy it (and with it any call
  // handler still pending) while the services those calls use still exist.
  // Built in start(), once server.threads is known.
  std::unique_ptr<net::IoPool> pool_;
  std::unique_ptr<server::MemoryTrimmer> trimmer_;  // null when server.memory_trim_ms = 0
  obs::MetricsRegistry registry_metrics_;
  obs::CallMetrics metrics_{registry_metrics_};
  server::CallRegistry calls_;
  std::unique_ptr<store::SqliteCallStore> store_;
  std::unique_ptr<store::RecordWriter> writer_;
  common::SteadyClock clock_;
  server::ClipLibrary clips_;
  server::RunnerConfig runner_config_;
  std::unique_ptr<server::ToolRunner> tools_;  // issue 9: webhook tools, transfer_call
  server::TransferBook transfers_{clock_};
  server::UnixClock unix_clock_;
  std::unique_ptr<server::StreamTokens> stream_tokens_;  // null: tokens off
  std::unique_ptr<agent::LocalAgentServer> local_agent_;
  std::unique_ptr<server::Server> server_;
  std::unique_ptr<server::Api> api_;
  std::atomic<bool> draining_{false};
  bool stopped_ = false;
};

}  // namespace voxgate::app
