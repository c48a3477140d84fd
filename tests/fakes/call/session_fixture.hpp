#pragma once
// SessionFixture: the GoogleTest fixture the CallSession unit tests share: a
// session over a RecordingSink, explicit time from t0, and a helper that
// brings the call to "caller started, AI leg ready". Test code, header-only.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "call/call_session.hpp"
#include "fakes/call/recording_sink.hpp"

namespace voxgate::call::testing {

class SessionFixture : public ::testing::Test {
 protected:
  using Strings = std::vector<std::string>;

  common::TimePoint t0 = common::TimePoint{} + std::chrono::hours(1);
  SessionConfig cfg;
  RecordingSink sink;
  std::unique_ptr<CallSession> s;

  common::TimePoint at(int ms) const { return t0 + common::Millis(ms); }

  // Session created with `cfg`, caller started, AI leg ready.
  void make_ready() {
    s = std::make_unique<CallSession>(cfg, sink, t0);
    s->start(t0);
    s->on_caller_start(t0, CallerStart{"MZ1", "CA1", {}});
    s->on_ai_connected(t0);
    s->on_ai_session_updated(t0);
  }
  // A response r with `ms` of audio in item i, sent in 20 ms deltas at `when`.
  void play(const std::string& r, const std::string& i, int ms, int when) {
    s->on_ai_response_created(at(when), r);
    for (int k = 0; k < ms / 20; ++k) s->on_ai_audio_delta(at(when), r, i, b64_ms(20));
  }
  std::size_t mark() const { return sink.actions.size(); }
  std::string last_mark_name() const {
    for (auto it = sink.actions.rbegin(); it != sink.actions.rend(); ++it) {
      if (it->rfind("mark:", 0) == 0) return it->substr(5);
    }
    return {};
  }
};

}  // namespace voxgate::call::testing
