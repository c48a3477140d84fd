#pragma once
// What voxgate keeps of a call (BEHAVIOUR.md §6): ids, times, end reason,
// latency figures, transcript turns and the events that matter. Plain data,
// filled by the call's shell from the session's record actions and handed to
// a CallStore when the call ends.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace voxgate::store {

struct TranscriptTurn {
  std::string role;  // "caller" | "agent"
  std::string text;
  bool interrupted = false;  // agent turn cut by a barge-in; text is cut too
  int64_t at_ms = 0;         // since call start
};

struct CallEventRow {
  int64_t at_ms = 0;  // since call start
  std::string kind;   // barge_in, cancel, truncate, reconnect, error, fallback, ...
  std::string detail;
  std::optional<double> latency_ms;
};

struct CallRecord {
  std::string id;  // the call sid when known, else the stream sid
  std::string call_sid, stream_sid;
  int64_t started_at_ms = 0;  // unix epoch ms
  int64_t ended_at_ms = 0;    // 0 while live
  std::string end_reason;     // empty while live
  std::optional<double> first_audio_ms;
  std::optional<double> turn_latency_ms;      // mean
  std::optional<double> barge_in_latency_ms;  // max
  std::string recording_path;
  std::vector<TranscriptTurn> turns;
  std::vector<CallEventRow> events;
};

struct ListQuery {
  int64_t since_ms = 0;  // started_at >= since
  int64_t until_ms = 0;  // started_at < until (0 = no bound)
  std::string end_reason;
  int limit = 50;
  int offset = 0;
};

}  // namespace voxgate::store
