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
#include "fakeai/energy_vad.hpp"
#include "fakeai/fault_schedule.hpp"
#include "fakeai/script.hpp"
#include "fakeai/scripted_session.hpp"
#include "fakeai/stats.hpp"
#include "realtime/codec.hpp"

namespace voxgate::fakeai {

class FakeSession final : public ScriptedSession {
 public:
  // `faults` is false when fault_connections excludes this connection.
  FakeSession(const CallScript& script, bool faults, TimePoint start);

  std::vector<Action> start() override;  // session.created
  std::vector<Action> on_client_text(std::string_view text, TimePoint now) override;
  std::vector<Action> on_client_event(const rt::ClientEvent& ev, TimePoint now);
  std::vector<Action> on_timer(TimePoint now) override;

  std::optional<TimePoint> next_deadline() const override;
  bool closed() const { return closed_; }
  bool reads_stalled() const override { return faults_.stalled() && script_.stall_reads; }
  std::optional<std::string> active_response() const;

  const Stats& stats() const { return stats_; }
  Stats take_stats() override;

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
  void close(Out& out, int64_t code);  // 0 = drop TCP
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
  const TimePoint start_;
  // Owned.
  FaultSchedule faults_;
  Stats stats_;
  std::vector<std::string> words_;  // reply_text split for transcript deltas
  // State.
  int response_counter_ = 0, item_counter_ = 0, call_counter_ = 0;
  std::optional<Response> active_, late_;
  std::map<std::string, int64_t> item_audio_ms_;  // assistant item -> audio ms sent
  size_t next_event_ = 0;
  std::optional<std::string> speech_item_;
  int64_t input_ms_ = 0, uncommitted_bytes_ = 0;
  EnergyVad vad_;
  int64_t start_ns_ = 0;           // stamp_audio: connection start, monotonic ns
  int64_t speech_started_ns_ = 0;  // stamp_audio: last speech_started sent
  bool closed_ = false, stray_fired_ = false;
};

}  // namespace voxgate::fakeai
