#pragma once
// The process-wide metrics voxgate exports (issue: production metrics), bound
// once to a registry so the media path touches only atomics. Labelled
// families whose label values are open (end reason, error code) go through
// the registry's lookup, which happens once per call or per error, never per
// frame.

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <unordered_set>

#include "obs/metrics.hpp"

namespace voxgate::obs {

class CallMetrics {
 public:
  explicit CallMetrics(MetricsRegistry& r);

  MetricsRegistry& registry() { return r_; }

  Gauge& active_calls;
  Counter& calls_started;  // admitted calls
  Counter& frames_in;
  Counter& frames_out;
  Counter& dropped_cancelled;
  Counter& dropped_late;
  Counter& dropped_overflow;
  Counter& dropped_send_queue;  // a leg's write queue was full: the peer is not keeping up
  Counter& dropped_playout;     // model-managed AI audio past the playout bound (BEHAVIOUR 3)
  Counter& barge_ins;
  Counter& reconnects;
  Counter& fallbacks;
  Counter& bad_caller_messages;
  Counter& bad_ai_messages;
  Histogram& barge_in_latency;
  Histogram& barge_in_model_managed;
  Histogram& playout_ahead;
  Histogram& turn_latency;
  Histogram& first_audio;
  Histogram& ai_connect;
  // BEHAVIOUR 6: call records not queued (by reason), retried, not saved;
  // recording audio dropped because the recording writer fell behind.
  Counter& records_dropped_queue_full;
  Counter& records_dropped_stopped;
  Counter& record_write_retries;
  Counter& record_write_failures;
  // PostgreSQL away: records kept in the local spool, and those the store
  // took after it came back (spooled - replayed = waiting).
  Counter& records_spooled;
  Counter& records_replayed;
  Counter& recording_bytes_dropped;

  void call_ended(const std::string& reason);
  // Calls ended so far by end reason (the reasons are voxgate's constants).
  std::map<std::string, uint64_t> ended_by_reason() const;
  // A caller message refused though well formed (BEHAVIOUR 0 and 5); the
  // reasons are voxgate's own constants, never text from the peer.
  void caller_rejected(const char* reason);
  // A record entry not kept: the call's cap for that kind (event | turn) is
  // reached (BEHAVIOUR 5: every per-call record list is bounded).
  void record_entries_dropped(const char* kind);
  // `code` comes from the AI peer, so its label set is bounded: after
  // kMaxAiErrorCodes distinct codes, new ones are counted as "other" (the
  // registry never removes a child; a peer sending ever-new codes would
  // otherwise grow it and /metrics without limit).
  void ai_error(const std::string& code);
  static constexpr std::size_t kMaxAiErrorCodes = 64;
  // Tool calls by tool and outcome (ok, timeout, http_error, ...); docs/tools.md.
  // `tool` must come from config (unknown names are counted as "unknown").
  void tool_call(const std::string& tool, const std::string& outcome);

 private:
  MetricsRegistry& r_;
  mutable std::mutex ended_mu_;
  std::map<std::string, uint64_t> ended_;
  std::mutex ai_codes_mu_;
  std::unordered_set<std::string> ai_codes_;  // labels already in use
};

}  // namespace voxgate::obs
