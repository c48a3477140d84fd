#include "agent/agent_server.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/field.hpp>
#include <exception>

#include "agent/engine.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::agent {

struct LocalAgentServer::Private {};

namespace {

// PROTOCOLS.md "OpenAI Realtime API": the beta dialect is the one asked for
// with `OpenAI-Beta: realtime=v1`.
realtime::Dialect dialect_of(const net::HttpRequest& req, realtime::Dialect fallback) {
  const auto it = req.find("OpenAI-Beta");
  if (it == req.end()) return fallback;
  return it->value().find("realtime=v1") != std::string_view::npos ? realtime::Dialect::kBeta
                                                                   : fallback;
}

}  // namespace

common::Result<std::unique_ptr<LocalAgentServer>, std::string> LocalAgentServer::start(
    boost::asio::io_context& io, AgentServerOptions opts) {
  auto spec = load_agent_spec(opts.agent_file);
  if (!spec) return common::unexpected(spec.error().message);
  auto shared = std::make_shared<const AgentSpec>(std::move(spec).value());
  try {
    // Fail at start-up, not on the first call: grammars, dictionary, voice.
    EngineConfig config;
    config.voice = opts.voice;
    LocalAgentEngine check(shared, config);
  } catch (const std::exception& ex) {
    return common::unexpected(std::string(ex.what()));
  }
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(opts.host, ec);
  if (ec) return common::unexpected("bad listen host '" + opts.host + "': " + ec.message());
  const uint16_t port = opts.port;
  auto server = std::make_unique<LocalAgentServer>(Private{}, io, std::move(opts), shared);
  if (auto lec = server->listener_->listen({address, port})) {
    return common::unexpected("cannot listen on " + address.to_string() + ":" +
                              std::to_string(port) + ": " + lec.message());
  }
  server->listener_->start();
  return server;
}

LocalAgentServer::LocalAgentServer(Private, boost::asio::io_context& io, AgentServerOptions opts,
                                   std::shared_ptr<const AgentSpec> spec)
    : opts_(std::move(opts)),
      spec_(std::move(spec)),
      gate_(std::make_shared<Gate>()),
      workers_(std::make_shared<WorkerPool>(opts_.workers)),
      stats_(std::make_shared<AgentStatsCounters>()) {
  gate_->server = this;
  auto router = std::make_shared<net::Router>();
  router->set_websocket_fallback(
      [gate = gate_](std::shared_ptr<net::WsConnection> conn, const net::HttpRequest& req) {
        std::lock_guard lock(gate->mutex);
        if (gate->server != nullptr) return gate->server->on_connection(std::move(conn), req);
        conn->close(1001, "server stopped");
      });
  net::HttpOptions http;
  http.ws.read_message_max = 1 << 20;  // a client may append large audio chunks
  listener_ = std::make_shared<net::Listener>(io, std::move(router), http);
}

LocalAgentServer::~LocalAgentServer() {
  {
    std::lock_guard lock(gate_->mutex);
    gate_->server = nullptr;
  }
  stop();
  workers_->stop();
}

void LocalAgentServer::stop() {
  std::vector<std::weak_ptr<AgentSession>> sessions;
  {
    std::lock_guard lock(sessions_mutex_);
    if (stopped_) return;
    stopped_ = true;
    sessions.swap(sessions_);
  }
  listener_->stop();
  for (auto& weak : sessions) {
    if (auto s = weak.lock()) s->close();
  }
}

void LocalAgentServer::on_connection(std::shared_ptr<net::WsConnection> conn,
                                     const net::HttpRequest& req) {
  std::weak_ptr<net::WsConnection> weak_conn = conn;
  AgentSession::Deps deps{conn->get_executor(),
                          spec_,
                          workers_,
                          stats_,
                          [weak_conn](std::string text) {
                            if (auto c = weak_conn.lock()) c->send(std::move(text));
                          },
                          [weak_conn] {
                            if (auto c = weak_conn.lock())
                              c->post([c] { c->close(1001, "server stopping"); });
                          }};
  AgentSessionOptions sopts{dialect_of(req, opts_.default_dialect), opts_.playback_speed,
                            opts_.voice};
  auto session = AgentSession::make(std::move(deps), sopts);
  {
    std::lock_guard lock(sessions_mutex_);
    if (stopped_) return conn->close(1001, "server stopping");
    std::erase_if(sessions_, [](const auto& w) { return w.expired(); });
    sessions_.push_back(session);
  }
  ++stats_->connections;
  ++stats_->active_connections;
  conn->start({[session](std::string_view text) { session->on_text(text); },
               [session, stats = stats_](const net::CloseInfo&) {
                 --stats->active_connections;
                 session->on_close();
               }});
  session->start();
}

}  // namespace voxgate::agent
