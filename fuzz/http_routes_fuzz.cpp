// libFuzzer: raw bytes through Beast's request parser (the limits
// HttpSession uses), then the real router: /healthz and /twiml from
// server::Server (signature check on), the API from server::Api over an
// in-memory SQLite store with one record, and /readyz + /metrics as the app
// installs them. Any exception escaping Router::route, or a response that is
// not a valid status with a matching Content-Length, aborts.
// Corpus: fuzz/corpus/http_routes/.

#include <boost/asio/io_context.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "bridge/call_registry.hpp"
#include "net/http_session.hpp"
#include "net/router.hpp"
#include "obs/metrics.hpp"
#include "server/api.hpp"
#include "server/server.hpp"
#include "store/sqlite_call_store.hpp"

namespace {

namespace http = boost::beast::http;
using namespace voxgate;  // NOLINT: fuzz entry point

struct Routes {
  boost::asio::io_context io;
  obs::MetricsRegistry metrics;
  bridge::CallRegistry calls;
  std::unique_ptr<store::SqliteCallStore> store;
  std::unique_ptr<server::Api> api;
  std::shared_ptr<net::Router> router;
  net::HttpOptions limits;

  Routes() {
    store = std::move(store::SqliteCallStore::open(":memory:")).value();
    store::CallRecord rec;
    rec.id = rec.call_sid = "CA1";
    rec.stream_sid = "MZ1";
    rec.started_at_ms = 1000;
    rec.ended_at_ms = 2000;
    rec.end_reason = "caller_hangup";
    rec.turns.push_back({"agent", "hello", false});
    std::string err;
    if (!store->save(rec, err)) std::abort();
    api = std::make_unique<server::Api>(store.get(), calls, "tok");

    server::ServerOptions opts;
    opts.validate_signature = true;
    opts.twilio_auth_token = "secret";
    server::Server srv(io, opts);
    srv.add_routes([this](net::Router& r) {
      api->install(r);
      // As VoxgateApp::install_routes adds them (private to the app).
      r.add(http::verb::get, "/readyz", [](const net::HttpRequest& req) {
        return net::Router::json(req, http::status::ok, R"({"status":"ready"})");
      });
      r.add(http::verb::get, "/metrics", [this](const net::HttpRequest& req) {
        net::HttpResponse res{http::status::ok, req.version()};
        res.body() = metrics.render_prometheus();
        res.prepare_payload();
        return res;
      });
    });
    router = srv.build_router();
  }
};

Routes& routes() {
  static Routes r;
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& r = routes();
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(r.limits.header_limit));
  parser.body_limit(r.limits.body_limit);
  boost::system::error_code ec;
  boost::asio::const_buffer buf(data, size);
  while (buf.size() > 0 && !parser.is_done()) {
    const auto used = parser.put(buf, ec);
    if (ec == http::error::need_more) break;
    if (ec || used == 0) return 0;
    buf += used;
  }
  if (!parser.is_done()) {
    if (!parser.got_some()) return 0;  // put_eof() asserts that something was parsed
    ec = {};
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) return 0;
  const auto req = parser.release();
  (void)r.router->accept_websocket(req);  // the upgrade decision must not throw either
  const auto res = r.router->route(req);
  const unsigned status = res.result_int();
  if (status < 100 || status > 599) std::abort();
  if (res.has_content_length() &&
      res[http::field::content_length] != std::to_string(res.body().size())) {
    std::abort();
  }
  return 0;
}
