#pragma once
// A whole voxgate bridge on loopback for integration tests: tools/fakeai as
// the AI leg, CallRunners behind a real Listener, and tools/callsim as the
// Twilio side, all over real sockets. Time is real (the media is paced), so
// tests wait for conditions with a deadline, never for a fixed sleep.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "bridge/call_runner.hpp"
#include "callsim/simulation.hpp"
#include "cluster/in_process_transfer_book.hpp"
#include "config/tool_config.hpp"
#include "fakeai/script.hpp"
#include "fakeai/server.hpp"
#include "net/listener.hpp"
#include "net/router.hpp"
#include "obs/call_metrics.hpp"
#include "realtime/ai_client.hpp"
#include "realtime/session_config.hpp"
#include "store/record_writer.hpp"
#include "store/sqlite_call_store.hpp"

namespace voxgate::testing {

// The runner's config plus the Realtime AI leg it dials (fakeai's URL).
struct HarnessConfig : bridge::RunnerConfig {
  realtime::AiClientOptions ai;
  realtime::SessionConfig ai_session;
  net::HttpOptions http;  // the caller-side listener's (voxgate's /media)
};

class BridgeHarness {
 public:
  // `script_toml` configures fakeai; `tune` may adjust the runner config.
  // `tools` (docs/tools.md): webhook tools / transfer allow-list; the router then
  // also serves POST /twiml (with <Connect action>) and POST /twiml/after.
  explicit BridgeHarness(const std::string& script_toml,
                         std::function<void(HarnessConfig&)> tune = {},
                         std::optional<config::ToolsConfig> tools = std::nullopt,
                         std::optional<bridge::MediaGate::Limits> gate = std::nullopt);
  ~BridgeHarness();

  // Runs callsim calls against the bridge (blocking).
  callsim::SimReport call(callsim::SimOptions opts);
  callsim::SimOptions default_call(double seconds) const;

  // Waits until `id`'s record is stored (or the deadline passes).
  std::optional<store::CallRecord> record(const std::string& id,
                                          std::chrono::seconds deadline = std::chrono::seconds(10));
  // Every stored record (newest first), after the writer has drained.
  std::vector<store::CallRecord> all_records();
  bool wait_for(const std::function<bool()>& cond,
                std::chrono::milliseconds deadline = std::chrono::seconds(10));

  fakeai::Stats ai_stats() const { return fake_->stats(); }
  obs::CallMetrics& metrics() { return metrics_; }
  bridge::CallRegistry& registry() { return registry_; }
  uint16_t port() const { return listener_->port(); }
  cluster::InProcessTransferBook& transfers() { return transfers_; }
  obs::MetricsRegistry& metrics_registry() { return registry_metrics_; }
  bridge::MediaGate* gate() { return gate_.get(); }

 private:
  boost::asio::io_context io_;
  std::unique_ptr<fakeai::FakeAiServer> fake_;
  HarnessConfig config_;
  bridge::ClipLibrary clips_;
  obs::MetricsRegistry registry_metrics_;
  obs::CallMetrics metrics_{registry_metrics_};
  bridge::CallRegistry registry_;
  std::unique_ptr<store::SqliteCallStore> store_;
  std::unique_ptr<store::RecordWriter> writer_;
  common::SteadyClock clock_;
  std::unique_ptr<bridge::ToolRunner> tools_;
  cluster::InProcessTransferBook transfers_{clock_};
  std::unique_ptr<bridge::MediaGate> gate_;
  std::shared_ptr<net::Listener> listener_;
  std::vector<std::thread> threads_;
};

}  // namespace voxgate::testing
