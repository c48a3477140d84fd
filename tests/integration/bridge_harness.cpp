#include "integration/bridge_harness.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>

#include "realtime/realtime_leg.hpp"
#include "server/answer_route.hpp"
#include "server/media_routes.hpp"
#include "server/twiml_after_route.hpp"

namespace voxgate::testing {

BridgeHarness::BridgeHarness(const std::string& script_toml,
                             std::function<void(HarnessConfig&)> tune,
                             std::optional<config::ToolsConfig> tools,
                             std::optional<bridge::MediaGate::Limits> gate) {
  // The app sets logging up before any thread starts; do the same, so spdlog's
  // registry is not first built by two calls at once (TSan cannot see the
  // guard inside the uninstrumented libspdlog).
  spdlog::default_logger_raw();
  auto script = fakeai::Script::from_toml(script_toml);
  if (!script) throw std::runtime_error("bad fakeai script: " + script.error().message);
  fake_ = std::make_unique<fakeai::FakeAiServer>(io_, std::move(script).value());

  config_.ai.url = "ws://127.0.0.1:" + std::to_string(fake_->port()) + "/v1/realtime";
  config_.ai.connect_timeout = std::chrono::milliseconds(5000);  // the app's default
  config_.session.greeting.instructions = "Greet the caller.";
  config_.session.reconnect_backoff = common::Millis(100);
  if (tools) {
    tools_ = std::make_unique<bridge::ToolRunner>(*tools);
    for (auto& d : tools_->definitions()) config_.ai_session.tools.push_back(std::move(d));
    config_.session.shell_tools = tools_->names();
  }
  if (tune) tune(config_);
  // As the app sets it (app/ai_leg_choice.cpp): ai.connect_timeout_ms bounds
  // the TCP connect and the upgrade alike.
  config_.ai.handshake_timeout = config_.ai.connect_timeout;

  auto clips = bridge::ClipLibrary::load(VOXGATE_SOURCE_DIR "/assets/clips/holding.wav",
                                         VOXGATE_SOURCE_DIR "/assets/clips/fallback.wav");
  if (!clips) throw std::runtime_error(clips.error());
  clips_ = std::move(clips).value();

  auto store = store::SqliteCallStore::open(":memory:");
  if (!store) throw std::runtime_error(store.error());
  store_ = std::move(store).value();
  writer_ = std::make_unique<store::RecordWriter>(*store_);

  bridge::RunnerDeps deps{&config_,      &clips_, &metrics_,    &registry_,
                          writer_.get(), &clock_, tools_.get(), &transfers_};
  deps.dial_ai = realtime::RealtimeLeg::dialer(config_.ai, config_.ai_session);
  if (gate) {
    gate_ = std::make_unique<bridge::MediaGate>(*gate);
    deps.gate = gate_.get();
  }
  auto router = std::make_shared<net::Router>();
  for (const auto& route : server::media_routes()) {
    router->add_websocket(std::string(route.path),
                          [deps, make = route.make_codec](std::shared_ptr<net::WsConnection> ws,
                                                          const net::HttpRequest&) {
                            bridge::CallRunner::start(std::move(ws), make(), deps);
                          });
  }
  if (tools_) {
    server::TwimlOptions twiml;
    twiml.connect_action = true;
    router->add(boost::beast::http::verb::post, "/twiml", [twiml](const net::HttpRequest& req) {
      return server::twiml_response(req, twiml);
    });
    router->add(boost::beast::http::verb::post, "/twiml/after",
                [this, twiml](const net::HttpRequest& req) {
                  return server::twiml_after_response(req, twiml, transfers_);
                });
    server::AnswerOptions answer;
    answer.continuation = true;
    for (const auto carrier : server::continuation_carriers()) {
      router->add(boost::beast::http::verb::post, "/answer/" + std::string(carrier) + "/after",
                  [this, answer, carrier](const net::HttpRequest& req) {
                    return server::answer_after_response(carrier, req, answer, transfers_);
                  });
    }
  }
  net::HttpOptions http = config_.http;
  http.ws.discard_oversized = true;  // as server::Server sets it for /media
  listener_ = std::make_shared<net::Listener>(io_, router, http);
  auto ec = listener_->listen({boost::asio::ip::make_address("127.0.0.1"), 0});
  if (ec) throw std::runtime_error("listen: " + ec.message());
  listener_->start();
  for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { io_.run(); });
}

BridgeHarness::~BridgeHarness() {
  listener_->stop();
  // Calls still running refer to the metrics, registry and writer below: end
  // them and let them go before anything they use is destroyed.
  registry_.hangup_all("shutdown");
  wait_for([this] { return metrics_.active_calls.value() == 0; });
  fake_->stop();
  io_.stop();
  for (auto& t : threads_) t.join();
  writer_->stop();
}

callsim::SimOptions BridgeHarness::default_call(double seconds) const {
  callsim::SimOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(port()) + "/media";
  o.calls = 1;
  o.seconds = seconds;
  o.source = callsim::SourceKind::kSilence;
  o.keep_heard = true;
  return o;
}

callsim::SimReport BridgeHarness::call(callsim::SimOptions opts) {
  return callsim::run_simulation(std::move(opts));
}

bool BridgeHarness::wait_for(const std::function<bool()>& cond,
                             std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (cond()) return true;
    // The server runs on its own threads; this thread only polls.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}

std::optional<store::CallRecord> BridgeHarness::record(const std::string& id,
                                                       std::chrono::seconds deadline) {
  std::optional<store::CallRecord> r;
  wait_for(
      [&] {
        writer_->flush();
        r = store_->get(id);
        return r.has_value();
      },
      deadline);
  return r;
}

std::vector<store::CallRecord> BridgeHarness::all_records() {
  writer_->flush();
  store::ListQuery q;
  q.limit = 1000;
  return store_->list(q);
}

}  // namespace voxgate::testing
