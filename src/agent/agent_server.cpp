#include "agent/agent_server.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

#include "agent/dialogue.hpp"
#include "agent/live_session.hpp"
#include "agent/tts.hpp"
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

// PROTOCOLS-LIVE 1: GPT-Live's path; every other path speaks Realtime.
bool is_live_path(const net::HttpRequest& req) {
  std::string_view target = req.target();
  target = target.substr(0, target.find('?'));
  constexpr std::string_view kLive = "/live/sessions";
  return target.size() >= kLive.size() && target.substr(target.size() - kLive.size()) == kLive;
}

}  // namespace

common::Result<std::unique_ptr<LocalAgentServer>, std::string> LocalAgentServer::start(
    boost::asio::io_context& io, AgentServerOptions opts) {
  auto spec = load_agent_spec(opts.agent_file);
  if (!spec) return common::unexpected(spec.error().message);
  auto shared = std::make_shared<const AgentSpec>(std::move(spec).value());
  std::shared_ptr<SpeechCache> speech;
  try {
    speech = std::make_shared<SpeechCache>(
        [tts = Tts(opts.voice)](std::string_view text) { return tts.synthesize_ulaw8k(text); },
        opts.speech_cache_lines);
  } catch (const std::exception& ex) {
    return common::unexpected(std::string(ex.what()));
  }
  auto server = std::make_unique<LocalAgentServer>(Private{}, std::move(opts), shared, speech);
  try {
    // Fail at start-up, not on the first call: grammars, dictionary. One
    // decoder per worker, so a turn never waits for one.
    server->asr_ =
        AsrPool::build(*shared, AsrConfig{}, server->workers_->threads(), server->workers_.get());
  } catch (const std::exception& ex) {
    return common::unexpected(std::string(ex.what()));
  }
  server->warm_speech();
  net::WsServerOptions ws{server->opts_.host, server->opts_.port, {}};
  ws.http.ws.read_message_max = 1 << 20;  // a client may append large audio chunks
  auto listening = net::WsServer::start(
      io, std::move(ws), [agent = server.get()](const net::HttpRequest&) -> net::WsUpgrade {
        return net::WsHandler{
            [agent](std::shared_ptr<net::WsConnection> conn, const net::HttpRequest& req) {
              agent->on_connection(std::move(conn), req);
            }};
      });
  if (!listening) return common::unexpected(listening.error());
  server->server_ = std::move(listening).value();
  return server;
}

int AgentServerOptions::default_workers() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

LocalAgentServer::LocalAgentServer(Private, AgentServerOptions opts,
                                   std::shared_ptr<const AgentSpec> spec,
                                   std::shared_ptr<SpeechCache> speech)
    : opts_(std::move(opts)),
      spec_(std::move(spec)),
      workers_(std::make_shared<WorkerPool>(opts_.workers)),
      speech_(std::move(speech)),
      stats_(std::make_shared<AgentStatsCounters>()) {}

LocalAgentServer::~LocalAgentServer() {
  if (server_) server_->stop();  // first: no handler runs after this
  workers_->stop();
}

// Every call's greeting, and every reply that fills no slot, is then served
// from memory: the first call is as fast as the hundredth.
void LocalAgentServer::warm_speech() {
  std::vector<std::function<void()>> jobs;
  for (std::string& line : Dialogue::fixed_lines(*spec_)) {
    jobs.emplace_back([speech = speech_, line = std::move(line)] { speech->pin(line); });
  }
  workers_->run_all(jobs);
}

void LocalAgentServer::on_connection(std::shared_ptr<net::WsConnection> conn,
                                     const net::HttpRequest& req) {
  if (is_live_path(req)) return on_live_connection(std::move(conn));
  std::weak_ptr<net::WsConnection> weak_conn = conn;
  AgentSession::Deps deps{conn->get_executor(),
                          spec_,
                          asr_,
                          speech_,
                          workers_,
                          stats_,
                          [weak_conn](std::string text) {
                            if (auto c = weak_conn.lock()) c->send(std::move(text));
                          },
                          [weak_conn] {
                            if (auto c = weak_conn.lock())
                              c->post([c] { c->close(1001, "server stopping"); });
                          }};
  AgentSessionOptions sopts{dialect_of(req, opts_.default_dialect), opts_.playback_speed};
  auto session = AgentSession::make(std::move(deps), sopts);
  ++stats_->connections;
  ++stats_->active_connections;
  conn->start({[session](std::string_view text) { session->on_text(text); },
               [session, stats = stats_](const net::CloseInfo&) {
                 --stats->active_connections;
                 session->on_close();
               }});
  session->start();
}

void LocalAgentServer::on_live_connection(std::shared_ptr<net::WsConnection> conn) {
  std::weak_ptr<net::WsConnection> weak_conn = conn;
  LiveAgentSession::Deps deps{conn->get_executor(), spec_, asr_, speech_, workers_, stats_,
                              [weak_conn](std::string text) {
                                if (auto c = weak_conn.lock()) c->send(std::move(text));
                              },
                              // PROTOCOLS-LIVE 8: the server closes the socket
                              // after session.closed.
                              [weak_conn] {
                                if (auto c = weak_conn.lock())
                                  c->post([c] { c->close(1000, "session closed"); });
                              }};
  auto session = LiveAgentSession::make(std::move(deps), opts_.playback_speed);
  ++stats_->connections;
  ++stats_->active_connections;
  conn->start({[session](std::string_view text) { session->on_text(text); },
               [session, stats = stats_](const net::CloseInfo&) {
                 --stats->active_connections;
                 session->on_close();
               }});
}

}  // namespace voxgate::agent
