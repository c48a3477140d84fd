#include "fakeai/server.hpp"

#include <atomic>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>
#include <mutex>
#include <stdexcept>

#include "fakeai/fake_connection.hpp"
#include "fakeai/fake_session.hpp"
#include "fakeai/live_session.hpp"
#include "net/router.hpp"
#include "net/ws_server.hpp"

namespace voxgate::fakeai {
namespace http = boost::beast::http;

namespace {
constexpr std::size_t kMaxQueuedWrites = 4096;  // a client this far behind is dropped
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);
// Beast's suggested server timeouts, which fakeai used before it ran on net/.
constexpr auto kIdleTimeout = std::chrono::seconds(300);
// Beast's default message limit: voxgate's appends are small, a test's may not be.
constexpr std::size_t kReadMessageMax = 16 * 1024 * 1024;

// PROTOCOLS-LIVE 1: /v1/live/sessions (OpenAI), /openai/v1/live/sessions (Azure).
bool live_path(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  return url && url->path().ends_with("/live/sessions");
}

std::string script_name(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return {};
  auto it = url->params().find("script");
  return it != url->params().end() ? std::string((*it).value) : std::string();
}

net::HttpOptions http_options() {
  net::HttpOptions o;
  o.read_timeout = kHandshakeTimeout;
  o.ws_handshake_timeout = kHandshakeTimeout;
  o.ws.read_message_max = kReadMessageMax;
  o.ws.max_queue = kMaxQueuedWrites;
  o.ws.idle_timeout = kIdleTimeout;
  return o;
}
}  // namespace

// What every connection shares: the script, the totals, the accept count.
struct FakeAiServer::Impl : std::enable_shared_from_this<Impl> {
  explicit Impl(Script s) : script(std::make_shared<const Script>(std::move(s))) {}
  const std::shared_ptr<const Script> script;
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> live_sessions{0};  // names each GPT-Live session
  mutable std::mutex mu;                   // guards totals
  Stats totals;

  void merge(const Stats& s) {
    std::lock_guard lock(mu);
    totals.merge(s);
  }

  net::WsUpgrade accept(const net::HttpRequest& req);
  net::WsUpgrade refuse(const net::HttpRequest& req, http::status status);
};

// The upgrade request picks the script ([[calls]] by ?script= or by order)
// and whether this connection's faults fire; refusals are faults too.
net::WsUpgrade FakeAiServer::Impl::accept(const net::HttpRequest& req) {
  const uint64_t index = ++accepted;
  const CallScript& call = script->select(script_name(req.target()), index);
  const bool faults =
      (call.fault_connections == 0 || index <= static_cast<uint64_t>(call.fault_connections)) &&
      (call.fault_every == 0 || index % static_cast<uint64_t>(call.fault_every) == 0);
  if (call.refuse_connections && faults) return refuse(req, http::status::service_unavailable);
  if (!call.require_auth.empty() &&
      req[http::field::authorization] != "Bearer " + call.require_auth) {
    return refuse(req, http::status::unauthorized);
  }
  if (call.protocol == ScriptProtocol::kLive && !live_path(req.target()))
    return refuse(req, http::status::not_found);
  const bool beta = req["OpenAI-Beta"].find("realtime=v1") != std::string_view::npos;
  const auto dialect =
      beta || call.dialect == ScriptDialect::kBeta ? rt::Dialect::kBeta : rt::Dialect::kGA;
  return net::WsHandler{[self = shared_from_this(), &call, faults, dialect](
                            std::shared_ptr<net::WsConnection> conn, const net::HttpRequest&) {
    auto report = [self](const Stats& s) { self->merge(s); };
    const auto now = std::chrono::steady_clock::now();
    std::unique_ptr<ScriptedSession> session;
    if (call.protocol == ScriptProtocol::kLive) {
      session = std::make_unique<LiveSession>(call, faults, now, ++self->live_sessions);
    } else {
      session = std::make_unique<FakeSession>(call, faults, now);
    }
    std::make_shared<FakeConnection>(conn, self->script, std::move(session), dialect, report)
        ->start();
  }};
}

net::WsUpgrade FakeAiServer::Impl::refuse(const net::HttpRequest& req, http::status status) {
  Stats s;
  s.refused = 1;
  merge(s);
  return net::Router::json(req, status, R"({"error":{"message":"fakeai refused the connection"}})");
}

FakeAiServer::FakeAiServer(boost::asio::io_context& ioc, Script script, std::string host,
                           uint16_t port)
    : impl_(std::make_shared<Impl>(std::move(script))) {
  auto server = net::WsServer::start(
      ioc, {std::move(host), port, http_options()},
      [impl = impl_](const net::HttpRequest& req) { return impl->accept(req); });
  if (!server) throw std::runtime_error(server.error());
  server_ = std::move(server).value();
}

FakeAiServer::~FakeAiServer() = default;  // the WsServer stops itself

uint16_t FakeAiServer::port() const {
  return server_->port();
}

void FakeAiServer::stop() {
  server_->stop();
}

Stats FakeAiServer::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->totals;
}

}  // namespace voxgate::fakeai
