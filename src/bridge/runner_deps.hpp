#pragma once
// What every CallRunner shares: configuration and process-wide services.
// Built once by the server; all members outlive every call. Thread-safe to
// read; the services are thread-safe themselves.

#include <string>
#include <vector>

#include "ai/ai_leg.hpp"
#include "bridge/call_registry.hpp"
#include "bridge/clip_library.hpp"
#include "bridge/media_gate.hpp"
#include "bridge/recording_writer.hpp"
#include "bridge/stream_token.hpp"
#include "bridge/tool_runner.hpp"
#include "call/session_config.hpp"
#include "cluster/live_call_registry.hpp"
#include "cluster/transfer_book.hpp"
#include "common/clock.hpp"
#include "obs/call_metrics.hpp"
#include "store/record_writer.hpp"

namespace voxgate::bridge {

struct RunnerConfig {
  call::SessionConfig session;          // the call core's timings and bounds
  std::string recordings_dir;           // empty: no recordings
  common::Millis tick{100};             // how often the session's timers run
  uint32_t bad_caller_threshold = 100;  // bad caller messages in a row that end the call
  // A caller whose write queue refuses audio this long is not reading: the
  // call ends (BEHAVIOUR 5: bounded buffering, the call ends, not the process).
  common::Millis caller_stuck_timeout{10000};
  // BEHAVIOUR 0: a media socket whose start has not been admitted this long
  // after it opened is closed (1008).
  common::Millis start_deadline{5000};
  // Caller messages longer than this are counted rejections, not the end of
  // the call (the longest Twilio message, a start with custom parameters, is
  // a few KiB).
  std::size_t caller_message_max = 64 * 1024;
};

struct RunnerDeps {
  const RunnerConfig* config = nullptr;
  const ClipLibrary* clips = nullptr;
  obs::CallMetrics* metrics = nullptr;
  CallRegistry* registry = nullptr;
  store::RecordWriter* writer = nullptr;  // null: records disabled
  const common::Clock* clock = nullptr;
  const ToolRunner* tools = nullptr;           // null: every shell tool is unknown
  cluster::TransferBook* transfers = nullptr;  // null: transfers are not remembered
  StreamTokens* stream_tokens = nullptr;       // null: a stream needs no token
  MediaGate* gate = nullptr;                   // null: no per-address or capacity gate
  // Where the call announces itself to every instance (put at its start,
  // removed at its end; the registry refreshes the TTL); null: nowhere.
  cluster::LiveCallRegistry* live_calls = nullptr;
  std::string instance_id = {};           // server.instance_id, the entries' owner
  RecordingWriter* recordings = nullptr;  // null: RecordingWriter::shared()
  // Dials the AI leg the app chose by config (app/ai_leg_choice.hpp), with
  // the session configuration it sends.
  ai::AiDialer dial_ai = {};
  // The formats that AI leg takes, both ways; each call carries one of them
  // (audio::choose_call_format). 8 kHz mu-law alone keeps every call as the
  // phone network's own format.
  std::vector<audio::Format> ai_formats = {audio::kPhoneMulaw};
};

}  // namespace voxgate::bridge
