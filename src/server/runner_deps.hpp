#pragma once
// What every CallRunner shares: configuration and process-wide services.
// Built once by the server; all members outlive every call. Thread-safe to
// read; the services are thread-safe themselves.

#include <string>

#include "call/session_config.hpp"
#include "common/clock.hpp"
#include "obs/call_metrics.hpp"
#include "realtime/ai_client.hpp"
#include "realtime/session_config.hpp"
#include "server/call_registry.hpp"
#include "server/clip_library.hpp"
#include "server/tool_runner.hpp"
#include "server/transfer_book.hpp"
#include "store/record_writer.hpp"

namespace voxgate::server {

struct RunnerConfig {
  realtime::AiClientOptions ai;         // where and how to dial the AI leg
  realtime::SessionConfig ai_session;   // the session.update content
  call::SessionConfig session;          // the call core's timings and bounds
  std::string recordings_dir;           // empty: no recordings
  common::Millis tick{100};             // how often the session's timers run
  uint32_t bad_caller_threshold = 100;  // bad caller messages in a row that end the call
};

struct RunnerDeps {
  const RunnerConfig* config = nullptr;
  const ClipLibrary* clips = nullptr;
  obs::CallMetrics* metrics = nullptr;
  CallRegistry* registry = nullptr;
  store::RecordWriter* writer = nullptr;  // null: records disabled
  const common::Clock* clock = nullptr;
  const ToolRunner* tools = nullptr;  // issue 9; null: every shell tool is unknown
  TransferBook* transfers = nullptr;  // issue 9; null: transfers are not remembered
};

}  // namespace voxgate::server
