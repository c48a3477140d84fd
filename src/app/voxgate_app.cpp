#include "app/voxgate_app.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "server/call_runner.hpp"
#include "server/echo_agent.hpp"

namespace voxgate::app {
namespace {

namespace http = boost::beast::http;
using common::unexpected;
using Started = common::Result<bool, std::string>;

constexpr uint16_t kTryAgainLater = 1013;  // RFC 6455 7.4.1

std::string asset(const std::string& configured, const char* shipped) {
  return configured.empty() ? std::string(VOXGATE_SOURCE_DIR) + "/" + shipped : configured;
}

realtime::SessionConfig ai_session(const config::Config& c) {
  realtime::SessionConfig s;
  s.model = c.ai.model;
  s.instructions = c.ai.instructions;
  s.voice = c.ai.voice;
  if (c.ai.transcription_model.empty()) {
    s.transcription_model.reset();
  } else {
    s.transcription_model = c.ai.transcription_model;
  }
  // BEHAVIOUR 4: the AI can end the call.
  s.tools.push_back({"end_call", "Hang up the phone call, after saying goodbye.",
                     R"({"type":"object","properties":{}})"});
  return s;
}

}  // namespace

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
  if (config_.store.db.empty()) return true;
  auto s = store::SqliteCallStore::open(config_.store.db);
  if (!s) return unexpected(s.error() + " (set store.db or --db to a writable path)");
  store_ = std::move(s).value();
  writer_ = std::make_unique<store::RecordWriter>(
      *store_, 10000, [this](const store::CallRecord& r, const std::string& error) {
        // BEHAVIOUR 6: a failed write is logged and counted, never hurts a call.
        registry_metrics_.counter("voxgate_record_write_failures_total", "Call records not saved")
            .inc();
        spdlog::error("call record {} not saved: {}", r.id, error);
      });
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

Started VoxgateApp::prepare_clips() {
  auto clips =
      server::ClipLibrary::load(asset(config_.clips.holding, "assets/clips/holding.wav"),
                                asset(config_.clips.fallback, "assets/clips/fallback.wav"));
  if (!clips) return unexpected(clips.error());
  clips_ = std::move(clips).value();
  return true;
}

Started VoxgateApp::prepare_ai_leg() {
  auto& ai = runner_config_.ai;
  ai.url = config_.ai.url;
  ai.model = config_.ai.model;
  ai.dialect = config_.ai.dialect == "beta" ? realtime::Dialect::kBeta : realtime::Dialect::kGA;
  ai.ca_file = config_.ai.ca_file;
  ai.connect_timeout = std::chrono::milliseconds(config_.ai.connect_timeout_ms);
  ai.handshake_timeout = ai.connect_timeout;
  if (mode_ == AgentMode::kOpenAi || mode_ == AgentMode::kUrl) ai.api_key = config_.ai.api_key;
  if (mode_ == AgentMode::kLocal) {
    agent::AgentServerOptions o;
    o.agent_file = asset(config_.agent.file, "examples/agents/dental.toml");
    o.workers = config_.agent.workers;
    o.default_dialect = ai.dialect;
    auto local = agent::LocalAgentServer::start(pool_->main(), o);
    if (!local) return unexpected("local agent: " + local.error());
    local_agent_ = std::move(local).value();
    ai.url = "ws://127.0.0.1:" + std::to_string(local_agent_->port()) + "/v1/realtime";
    ai.model.clear();
  }
  runner_config_.ai_session = ai_session(config_);
  runner_config_.session = config_.call;
  prepare_tools();
  runner_config_.recordings_dir = config_.store.recordings_dir;
  return true;
}

void VoxgateApp::install_routes() {
  api_ = std::make_unique<server::Api>(store_.get(), calls_, config_.api.token);
  api_->set_transfer_allow(config_.tools.transfer_allow);
  server_->add_routes([this](net::Router& r) {
    api_->install(r);
    install_tool_routes(r);
    r.add(http::verb::get, "/readyz", [this](const net::HttpRequest& req) {
      const bool ready = !draining_.load();
      return net::Router::json(req, ready ? http::status::ok : http::status::service_unavailable,
                               ready ? R"({"status":"ready"})" : R"({"status":"draining"})");
    });
    r.add(http::verb::get, "/metrics", [this](const net::HttpRequest& req) {
      net::HttpResponse res{http::status::ok, req.version()};
      res.set(http::field::content_type, "text/plain; version=0.0.4");
      res.keep_alive(req.keep_alive());
      res.body() = registry_metrics_.render_prometheus();
      res.prepare_payload();
      return res;
    });
  });
}

void VoxgateApp::on_media(std::shared_ptr<net::WsConnection> conn) {
  if (draining_.load()) return conn->close(kTryAgainLater, "server is shutting down");
  if (metrics_.active_calls.value() >= static_cast<int64_t>(config_.server.max_calls)) {
    registry_metrics_.counter("voxgate_calls_refused_total", "Calls refused at capacity").inc();
    return conn->close(kTryAgainLater, "at capacity");
  }
  server::RunnerDeps deps{&runner_config_, &clips_, &metrics_, &calls_, writer_.get(), &clock_};
  deps.tools = tools_.get();
  deps.transfers = &transfers_;
  deps.stream_tokens = stream_tokens_.get();
  server::CallRunner::start(std::move(conn), deps);
}

Started VoxgateApp::start() {
  pool_ = std::make_unique<net::IoPool>(config_.server.threads);
  for (auto step : {&VoxgateApp::open_store, &VoxgateApp::prepare_clips}) {
    if (auto r = (this->*step)(); !r) return r;
  }
  if (mode_ != AgentMode::kEcho) {
    if (auto r = prepare_ai_leg(); !r) return r;
  }
  server::ServerOptions so;
  so.host = config_.server.host;
  so.port = config_.server.port;
  so.public_host = config_.server.public_host;
  prepare_security(so);
  so.connect_action = config_.tools.transfer_enabled();
  so.connection_executor = [pool = pool_.get()] { return pool->next(); };
  server_ = std::make_unique<server::Server>(pool_->main(), so);
  if (mode_ == AgentMode::kEcho) {
    server_->set_media_handler(server::EchoAgent::handler({}));
  } else {
    server_->set_media_handler([this](std::shared_ptr<net::WsConnection> conn,
                                      const net::HttpRequest&) { on_media(std::move(conn)); });
  }
  install_routes();
  if (auto ec = server_->start()) {
    return unexpected("cannot listen on " + config_.server.host + ":" +
                      std::to_string(config_.server.port) + ": " + ec.message() +
                      " (set server.port / --port to a free port)");
  }
  start_memory_trimmer();
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

void VoxgateApp::stop(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  draining_ = true;  // /readyz turns 503, new media streams are refused
  if (server_) server_->stop();
  // Calls end on their own strands; this thread only watches the gauge.
  auto wait_for_calls = [this](std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (metrics_.active_calls.value() > 0 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
  // First let live calls finish by themselves, up to the grace period...
  if (metrics_.active_calls.value() > 0) {
    spdlog::info("shutdown: waiting up to {} ms for {} live calls", grace.count(),
                 metrics_.active_calls.value());
    wait_for_calls(grace);
  }
  // ...then the rest hear the fallback clip and end (issue 6 item 8); their
  // records are written as they end.
  const size_t live = calls_.shutdown_all();
  if (live > 0) spdlog::info("shutdown: fallback clip to {} live calls, then ending them", live);
  wait_for_calls(runner_config_.session.shutdown_clip_max_wait + std::chrono::seconds(2));
  if (local_agent_) local_agent_->stop();
  if (pool_) pool_->stop();
  trimmer_.reset();  // its timer belongs to the pool's main context
  // Anything still pending (a call that did not end in time) is destroyed
  // now, before the metrics, registry and writer it refers to.
  server_.reset();
  local_agent_.reset();
  pool_.reset();
  if (writer_) writer_->stop();  // every record queued so far is written
}

}  // namespace voxgate::app
