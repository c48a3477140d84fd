#include "app/voxgate_app.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "app/startup_safety.hpp"
#include "bridge/call_runner.hpp"
#include "bridge/echo_agent.hpp"
#include "store/open_call_store.hpp"

namespace voxgate::app {
namespace {

namespace http = boost::beast::http;
using common::unexpected;
using Started = common::Result<bool, std::string>;

constexpr uint16_t kTryAgainLater = 1013;  // RFC 6455 7.4.1

}  // namespace

std::string asset(const std::string& configured, const char* shipped) {
  return configured.empty() ? std::string(VOXGATE_SOURCE_DIR) + "/" + shipped : configured;
}

AgentMode resolve_agent(const config::Config& c) {
  const std::string& a = c.ai.agent;
  if (a == "local") return AgentMode::kLocal;
  if (a == "openai") return AgentMode::kOpenAi;
  if (a == "url") return AgentMode::kUrl;
  if (a == "echo") return AgentMode::kEcho;
  return c.ai.api_key.empty() ? AgentMode::kLocal : AgentMode::kOpenAi;  // auto
}

std::string_view to_string(AgentMode m) {
  switch (m) {
    case AgentMode::kLocal:
      return "local";
    case AgentMode::kOpenAi:
      return "openai";
    case AgentMode::kUrl:
      return "url";
    case AgentMode::kEcho:
      return "echo";
  }
  return "?";
}

VoxgateApp::VoxgateApp(config::Config config)
    : config_(std::move(config)), mode_(resolve_agent(config_)) {}

VoxgateApp::~VoxgateApp() {
  stop(std::chrono::milliseconds(0));
}

Started VoxgateApp::open_store() {
  if (config_.store.db.empty() && config_.store.url.empty()) return true;
  // BEHAVIOUR 6: drops, retries, spooled records and failures are logged
  // and counted.
  record_log_ = std::make_unique<bridge::RecordLog>(metrics_);
  store::StoreOptions options;
  options.url = config_.store.url;
  options.db = config_.store.db;
  options.spool = config_.store.spool;
  options.spool_listener = record_log_.get();
  auto s = store::open_call_store(options);
  if (!s) return unexpected(s.error());
  store_ = std::move(s).value();
  writer_ = std::make_unique<store::RecordWriter>(*store_, store::RecordWriterOptions{},
                                                  record_log_.get());
  if (!config_.store.recordings_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(config_.store.recordings_dir, ec);
    if (ec) {
      return unexpected("cannot create store.recordings_dir '" + config_.store.recordings_dir +
                        "': " + ec.message());
    }
  }
  return true;
}

// The live state instances share (ARCHITECTURE.md "Scale"): today the
// stream-token replay set goes to Redis when cluster.redis_url is set.
Started VoxgateApp::open_cluster() {
  cluster::ClusterOptions o{config_.cluster.redis_url, config_.server.instance_id};
  auto c = cluster::ClusterState::open(o, unix_clock_);
  if (!c) return unexpected(c.error());
  cluster_ = std::move(c).value();
  if (cluster_->shared()) {
    const auto url = cluster::parse_redis_url(config_.cluster.redis_url);
    // Never the URL as configured: it may hold a password.
    spdlog::info("cluster state in Redis at {} as instance {}", url->redacted(),
                 cluster_->instance_id());
    // A short wait, so the first calls do not meet "not connected yet"; Redis
    // down at start is no reason to refuse to start (calls go on without it).
    if (!cluster_->worker()->wait_connected(std::chrono::seconds(2))) {
      spdlog::warn("Redis not reachable yet ({}); retrying in the background",
                   cluster_->worker()->last_error());
    }
  }
  return true;
}

Started VoxgateApp::prepare_clips() {
  auto clips =
      bridge::ClipLibrary::load(asset(config_.clips.holding, "assets/clips/holding.wav"),
                                asset(config_.clips.fallback, "assets/clips/fallback.wav"));
  if (!clips) return unexpected(clips.error());
  clips_ = std::move(clips).value();
  return true;
}

// The call core's settings and the shell's services every call shares.
Started VoxgateApp::prepare_calls() {
  runner_config_.session = config_.call;
  runner_config_.start_deadline = common::Millis(config_.server.start_deadline_ms);
  gate_ = std::make_unique<bridge::MediaGate>(
      bridge::MediaGate::Limits{config_.server.max_calls, config_.server.max_unadmitted_per_ip});
  prepare_tools();
  runner_config_.recordings_dir = config_.store.recordings_dir;
  return prepare_ai_leg();  // after the tools: the AI is told about them
}

void VoxgateApp::install_routes() {
  api_ = std::make_unique<server::Api>(store_.get(), calls_, config_.api.token);
  api_->set_transfer_allow(config_.tools.transfer_allow);
  figures_ = std::make_unique<obs::MinuteFigures>(metrics_, unix_clock_);
  api_->set_figures(figures_.get());
  if (cluster_->shared()) {
    // Requests other instances forward for this instance's calls.
    cluster_->start_control(
        [api = api_.get()](const cluster::ControlRequest& r) { return api->run_forwarded(r); },
        std::chrono::milliseconds(config_.cluster.control_timeout_ms));
  }
  api_->set_cluster({&cluster_->live_calls(), cluster_->control(), cluster_->instance_id()});
  server::DashboardOptions dashboard;
  dashboard.api_token = config_.api.token;
  dashboard.web_dir = std::string(VOXGATE_SOURCE_DIR) + "/web";
  dashboard_ = std::make_unique<server::Dashboard>(*api_, calls_, std::move(dashboard));
  server_->add_routes([this](net::Router& r) {
    api_->install(r);
    dashboard_->install(r);
    install_tool_routes(r);
    r.add(http::verb::get, "/readyz", [this](const net::HttpRequest& req) {
      const bool ready = !draining_.load();
      return net::Router::json(req, ready ? http::status::ok : http::status::service_unavailable,
                               ready ? R"({"status":"ready"})" : R"({"status":"draining"})");
    });
  });
}

void VoxgateApp::on_media(std::shared_ptr<net::WsConnection> conn,
                          std::unique_ptr<telephony::CallerCodec> codec) {
  if (draining_.load()) return conn->close(kTryAgainLater, "server is shutting down");
  if (metrics_.active_calls.value() >= static_cast<int64_t>(config_.server.max_calls)) {
    registry_metrics_.counter("voxgate_calls_refused_total", "Calls refused at capacity").inc();
    return conn->close(kTryAgainLater, "at capacity");
  }
  bridge::RunnerDeps deps{&runner_config_, &clips_, &metrics_, &calls_, writer_.get(), &clock_};
  deps.tools = tools_.get();
  deps.transfers = &cluster_->transfer_book();
  deps.stream_tokens = stream_tokens_.get();
  deps.gate = gate_.get();
  deps.live_calls = &cluster_->live_calls();
  deps.instance_id = cluster_->instance_id();
  deps.recordings = &recordings_;
  deps.dial_ai = dial_ai_;
  deps.ai_formats = ai_formats_;
  bridge::CallRunner::start(std::move(conn), std::move(codec), deps);
}

Started VoxgateApp::start() {
  if (auto refusal = startup_refusal(config_)) return unexpected(*refusal);
  if (auto warning = startup_warning(config_)) spdlog::warn("{}", *warning);
  pool_ = std::make_unique<net::IoPool>(config_.server.threads);
  for (auto step :
       {&VoxgateApp::open_store, &VoxgateApp::open_cluster, &VoxgateApp::prepare_clips}) {
    if (auto r = (this->*step)(); !r) return r;
  }
  if (mode_ != AgentMode::kEcho) {
    if (auto r = prepare_calls(); !r) return r;
  }
  server::ServerOptions so;
  so.host = config_.server.host;
  so.port = config_.server.port;
  so.public_host = config_.server.public_host;
  prepare_security(so);
  prepare_metrics(so);
  so.connect_action = config_.tools.transfer_enabled();
  // A forwarded control request: the registry lookup (Redis command timeout,
  // 1 s) and the holder's answer (cluster.control_timeout_ms) come first.
  so.http.async_timeout =
      std::chrono::milliseconds(config_.cluster.control_timeout_ms) + std::chrono::seconds(3);
  so.connection_executor = [pool = pool_.get()] { return pool->next(); };
  server_ = std::make_unique<server::Server>(pool_->main(), so);
  if (mode_ == AgentMode::kEcho) {
    server_->set_media_handler(bridge::EchoAgent::handler({}));
  } else {
    server_->set_media_handler([this](std::shared_ptr<net::WsConnection> conn,
                                      std::unique_ptr<telephony::CallerCodec> codec) {
      on_media(std::move(conn), std::move(codec));
    });
  }
  install_routes();
  if (auto ec = server_->start()) {
    const std::string& m = config_.server.metrics_listen;
    return unexpected("cannot listen on " + config_.server.host + ":" +
                      std::to_string(config_.server.port) +
                      (m.empty() ? "" : " or on server.metrics_listen " + m) + ": " + ec.message() +
                      " (set server.port / --port" +
                      (m.empty() ? "" : " or server.metrics_listen") + " to a free port)");
  }
  if (server_->metrics_port() != 0) {
    spdlog::info("metrics on {}:{} only (server.metrics_listen)", so.metrics.listen_host,
                 server_->metrics_port());
  }
  start_memory_trimmer();
  start_figures();
  auto& escaped =
      registry_metrics_.counter("voxgate_handler_exceptions_total",
                                "Exceptions that escaped an I/O handler (process kept running)");
  pool_->on_escape([&escaped](const char* what) {
    escaped.inc();
    spdlog::error("exception escaped an I/O handler (the loop goes on): {}", what);
  });
  pool_->start();
  return true;
}

// The soak's RSS growth was glibc keeping the freed memory of ended calls
// (server/memory_trimmer.hpp, bench/README.md "Soak"). Checked every 5 s, so
// the idle trim comes within 5 s of the last call's end.
void VoxgateApp::start_memory_trimmer() {
  if (config_.server.memory_trim_ms <= 0) return;
  auto& took = registry_metrics_.histogram(
      "voxgate_malloc_trim_seconds", "Time each malloc_trim (freed memory back to the OS) took");
  trimmer_ = std::make_unique<server::MemoryTrimmer>(
      pool_->main(), common::Millis(config_.server.memory_trim_ms), common::Millis(5000),
      server::MemoryTrimmer::Inputs{[this] { return metrics_.active_calls.value(); },
                                    [this] { return metrics_.frames_in.value(); },
                                    [&took](double s) { took.observe(s); }});
  trimmer_->start();
}

// The plots' figures, one sample a minute (obs/minute_figures.hpp).
void VoxgateApp::start_figures() {
  figures_timer_ = std::make_unique<boost::asio::steady_timer>(pool_->main());
  sample_figures_later();
}

void VoxgateApp::sample_figures_later() {
  figures_timer_->expires_after(std::chrono::minutes(1));
  figures_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    figures_->sample();
    sample_figures_later();
  });
}

// A stopping instance takes its calls out of the shared registry rather
// than leave them to the TTL: for up to 30 s other instances would list
// them and forward control to an instance that is gone. Bounded: Redis
// down must not hold up the exit (the TTL removes them then).
void VoxgateApp::withdraw_live_calls() {
  if (!cluster_) return;
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  cluster_->live_calls().remove_mine([done](cluster::ClusterResult<bool> r) {
    if (!r) spdlog::warn("could not remove this instance's live calls: {}", r.error());
    done->set_value();
  });
  finished.wait_for(std::chrono::seconds(1));
}

void VoxgateApp::stop(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  draining_ = true;  // /readyz turns 503, new media streams are refused
  if (server_) server_->stop();
  // Calls end on their own strands; this thread only watches the gauge.
  // The grace wait ends early on end_grace_now(); the wait for the shutdown
  // path does not, so the calls it ends still write their records.
  auto wait_for_calls = [this](std::chrono::milliseconds limit, bool is_grace) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (metrics_.active_calls.value() > 0 && std::chrono::steady_clock::now() < until &&
           !(is_grace && grace_over_.load())) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  // First let live calls finish by themselves, up to the grace period...
  if (metrics_.active_calls.value() > 0) {
    spdlog::info("shutdown: waiting up to {} ms for {} live calls", grace.count(),
                 metrics_.active_calls.value());
    wait_for_calls(grace, true);
  }
  // ...then the rest hear the fallback clip and end (README: SIGTERM drains); their
  // records are written as they end.
  const size_t live = calls_.shutdown_all();
  if (live > 0) spdlog::info("shutdown: fallback clip to {} live calls, then ending them", live);
  wait_for_calls(runner_config_.session.shutdown_clip_max_wait + std::chrono::seconds(2), false);
  if (local_agent_) local_agent_->stop();
  if (pool_) pool_->stop();
  withdraw_live_calls();
  // No Redis answer may be posted to a call's executor once the pool is gone.
  if (cluster_) cluster_->stop();
  trimmer_.reset();  // its timer belongs to the pool's main context
  figures_timer_.reset();
  // Anything still pending (a call that did not end in time, a refused
  // stream's closing handshake) is destroyed now, before the metrics,
  // registry and writer it refers to; the contexts' OpenConnections break
  // the runner-connection cycles (net/open_connections.hpp).
  server_.reset();
  local_agent_.reset();
  pool_.reset();
  recordings_.stop();            // every recording finalised before stop() returns
  if (writer_) writer_->stop();  // every record queued so far is written
}

}  // namespace voxgate::app
