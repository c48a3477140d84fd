#pragma once
// ScriptedSession: what one fakeai connection does, whatever the protocol
// (FakeSession: Realtime; LiveSession: GPT-Live), as a pure state machine fed
// client text and `now`, returning the actions FakeConnection performs.
// Owned by one connection; used only on its strand.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "fakeai/stats.hpp"
#include "realtime/codec.hpp"

namespace voxgate::fakeai {

namespace rt = voxgate::realtime;

struct Action {
  enum class Kind { kSend, kSendRaw, kClose };
  Kind kind = Kind::kSend;
  rt::ServerEvent event;  // kSend (Realtime): encoded in the connection's dialect
  std::string raw;        // kSendRaw: text sent as is (GPT-Live events, malformed JSON)
  int close_code = 0;     // kClose: 0 = drop the TCP connection, else WebSocket close code
};

class ScriptedSession {
 public:
  using TimePoint = common::TimePoint;
  virtual ~ScriptedSession() = default;

  virtual std::vector<Action> start() = 0;  // on connect
  virtual std::vector<Action> on_client_text(std::string_view text, TimePoint now) = 0;
  virtual std::vector<Action> on_timer(TimePoint now) = 0;
  virtual std::optional<TimePoint> next_deadline() const = 0;  // when on_timer has work next
  // Stalled with stall_reads: the server stops reading (no pongs either).
  virtual bool reads_stalled() const = 0;
  virtual Stats take_stats() = 0;  // the counts since the last take, for merging into totals
};

}  // namespace voxgate::fakeai
