#pragma once
// FakeSession: what one fake Realtime connection does, as a pure state machine.
// Fed client events (or raw text) and `now`; returns the actions to perform
// (server events to send, raw text, close). Owned by one server connection and
// used only on its strand; unit tests drive it with explicit time points.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "fakeai/script.hpp"
#include "fakeai/stats.hpp"
#include "realtime/codec.hpp"

namespace voxgate::fakeai {

namespace rt = voxgate::realtime;

struct Action {
  enum class Kind { kSend, kSendRaw, kClose };
  Kind kind = Kind::kSend;
  rt::ServerEvent event;
  std::string raw;     // kSendRaw: text sent as is (malformed JSON fault)
  int close_code = 0;  // kClose: 0 = drop the TCP connection, else WebSocket close code
};

class FakeSession {
 public:
  using TimePoint = common::TimePoint;

  // `faults` is false when fault_connections excludes this connection.
  FakeSession(const CallScript& script, bool faults, TimePoint start);

  std::vector<Action> start();  // session.created
  std::vector<Action> on_client_text(std::string_view text, TimePoint now);
  std::vector<Action> on_client_event(const rt::ClientEvent& ev, TimePoint now);
  std::vector<Action> on_timer(TimePoint now);

  std::optional<TimePoint> next_deadline() const;  // when on_timer has work next
  bool closed() const { return closed_; }
  // Stalled with stall_reads: the server stops reading (no pongs either).
  bool reads_stalled() const { return stalled_ && script_.stall_reads; }
  std::optional<std::string> active_response() const;

  const Stats& stats() const { return stats_; }
  Stats take_stats();  // the counts since the last take, for merging into totals

 private:
  struct Response {
    int number = 0;  // 1-based within the connection
    std::string id, item_id;
    TimePoint start;
    size_t deltas_sent = 0, total_deltas = 0;
    int64_t late_left = 0;  // deltas still to send after a cancel
  };
  using Out = std::vector<Action>;

  void emit(Out& out, rt::ServerEvent ev);
  void emit_error(Out& out, std::string code, std::string message);
  TimePoint due(const Response& r) const;
  void start_response(Out& out, TimePoint now);
  void send_delta(Out& out, Response& r, bool late = false);
  void finish_response(Out& out, Response& r);
  void pump(Out& out, TimePoint now);
  void run_faults(Out& out, TimePoint now);
  void fail_response(Out& out, const std::string& id);
  void on_append(Out& out, const rt::AudioAppend& a, TimePoint now);
  void on_cancel(Out& out, const rt::ResponseCancel& c);
  void on_truncate(Out& out, const rt::ItemTruncate& t);
  void on_commit(Out& out);
  void feed_vad(Out& out, std::span<const uint8_t> ulaw, TimePoint now);
  void speech_started(Out& out, int64_t audio_start_ms);
  void speech_stopped(Out& out, int64_t audio_end_ms, TimePoint now);
  std::string next_item() { return "item_" + std::to_string(++item_counter_); }
  TimePoint at(int64_t ms) const { return start_ + common::Millis(ms); }

  // Passed in.
  const CallScript& script_;
  const bool faults_;
  const TimePoint start_;
  // Owned.
  Stats stats_;
  std::vector<std::string> words_;  // reply_text split for transcript deltas
  // State.
  int response_counter_ = 0, item_counter_ = 0, call_counter_ = 0;
  std::optional<Response> active_, late_;
  std::map<std::string, int64_t> item_audio_ms_;  // assistant item -> audio ms sent
  size_t next_event_ = 0;
  std::optional<std::string> speech_item_;
  int64_t input_ms_ = 0, uncommitted_bytes_ = 0;
  double vad_sumsq_ = 0;
  int vad_samples_ = 0;
  int64_t loud_ms_ = 0, quiet_ms_ = 0;
  int64_t start_ns_ = 0;           // stamp_audio: connection start, monotonic ns
  int64_t speech_started_ns_ = 0;  // stamp_audio: last speech_started sent
  bool error_fired_ = false, malformed_fired_ = false, stalled_ = false, closed_ = false;
  bool stray_fired_ = false;
};

}  // namespace voxgate::fakeai
