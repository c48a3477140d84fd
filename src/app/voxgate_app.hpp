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
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "agent/agent_server.hpp"
#include "ai/ai_leg.hpp"
#include "bridge/call_registry.hpp"
#include "bridge/media_gate.hpp"
#include "bridge/record_log.hpp"
#include "bridge/recording_writer.hpp"
#include "bridge/runner_deps.hpp"
#include "bridge/tool_runner.hpp"
#include "cluster/cluster_state.hpp"
#include "common/result.hpp"
#include "config/config.hpp"
#include "net/io_pool.hpp"
#include "obs/call_metrics.hpp"
#include "obs/minute_figures.hpp"
#include "server/api.hpp"
#include "server/dashboard_routes.hpp"
#include "server/memory_trimmer.hpp"
#include "server/server.hpp"
#include "store/call_store.hpp"
#include "store/record_writer.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::app {

// A shipped asset's path (clips, the example agent), unless configured.
std::string asset(const std::string& configured, const char* shipped);

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
  // server.metrics_listen's bound port; 0 when /metrics is on the main one.
  uint16_t metrics_port() const { return server_ ? server_->metrics_port() : 0; }
  AgentMode agent_mode() const { return mode_; }

  // Graceful stop: not ready, refuse new calls, end live ones (they finish
  // their records), wait up to `grace`, then stop the loop and drain writes.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));
  // From any thread, before or during stop(): the rest of the grace is
  // skipped and live calls go through the shutdown path now (fallback clip,
  // end, record); stop() still writes every record before it returns.
  void end_grace_now() { grace_over_ = true; }

  store::CallStore* store() { return store_.get(); }
  obs::MetricsRegistry& metrics_registry() { return registry_metrics_; }
  bridge::CallRegistry& calls() { return calls_; }
  const config::Config& config() const { return config_; }

 private:
  common::Result<bool, std::string> open_store();
  common::Result<bool, std::string> open_cluster();  // cluster.redis_url
  void withdraw_live_calls();                        // stop(): this instance's entries
  common::Result<bool, std::string> prepare_calls();
  // ai_leg_choice.cpp: the AI protocol and agent the config selects.
  common::Result<bool, std::string> prepare_ai_leg();
  common::Result<bool, std::string> prepare_clips();
  void install_routes();
  void prepare_tools();                      // voxgate_app_tools.cpp (docs/tools.md)
  void install_tool_routes(net::Router& r);  // POST /twiml/after
  void prepare_security(server::ServerOptions& so);
  void prepare_carrier_checks(server::ServerOptions& so);
  void prepare_metrics(server::ServerOptions& so);
  void on_media(std::shared_ptr<net::WsConnection> conn,
                std::unique_ptr<telephony::CallerCodec> codec);
  void start_memory_trimmer();
  void start_figures();
  void sample_figures_later();

  config::Config config_;
  AgentMode mode_;
  // Owned through a pointer so stop() can destroy it (and with it any call
  // handler still pending) while the services those calls use still exist.
  // Built in start(), once server.threads is known.
  std::unique_ptr<net::IoPool> pool_;
  std::unique_ptr<server::MemoryTrimmer> trimmer_;  // null when server.memory_trim_ms = 0
  // The dashboard's plots: this process's figures per minute (/api/figures),
  // sampled by figures_timer_ on the pool's main context.
  std::unique_ptr<obs::MinuteFigures> figures_;
  std::unique_ptr<boost::asio::steady_timer> figures_timer_;
  obs::MetricsRegistry registry_metrics_;
  obs::CallMetrics metrics_{registry_metrics_};
  bridge::CallRegistry calls_;
  // record_log_ outlives writer_, which reports to it; store_ (the spool)
  // reports to it only from put() and drain(), which writer_ calls.
  std::unique_ptr<store::CallStore> store_;
  std::unique_ptr<bridge::RecordLog> record_log_;
  std::unique_ptr<store::RecordWriter> writer_;
  common::SteadyClock clock_;
  bridge::ClipLibrary clips_;
  bridge::RunnerConfig runner_config_;
  ai::AiDialer dial_ai_;                       // every call's AI leg (prepare_ai_leg)
  std::vector<audio::Format> ai_formats_;      // what that leg takes (prepare_ai_leg)
  std::unique_ptr<bridge::ToolRunner> tools_;  // webhook tools, transfer_call (docs/tools.md)
  bridge::UnixClock unix_clock_;
  // Shared live state; before stream_tokens_, which may use its replay set.
  std::unique_ptr<cluster::ClusterState> cluster_;
  std::unique_ptr<bridge::StreamTokens> stream_tokens_;  // null: tokens off
  std::unique_ptr<bridge::MediaGate> gate_;              // BEHAVIOUR 0 admission counts
  // Recording files are written on this writer's thread, never an I/O thread.
  bridge::RecordingWriter recordings_{{.dropped_bytes = &metrics_.recording_bytes_dropped}};
  std::unique_ptr<agent::LocalAgentServer> local_agent_;
  std::unique_ptr<server::Server> server_;
  std::unique_ptr<server::Api> api_;
  std::unique_ptr<server::Dashboard> dashboard_;
  std::atomic<bool> draining_{false};
  std::atomic<bool> grace_over_{false};
  bool stopped_ = false;
};

}  // namespace voxgate::app
