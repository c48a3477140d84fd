#pragma once
// Shared by the dialect tests: a fixed call, frames as JSON, and a server
// message driven through a dialect into a Playout (what CallDriver does).

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "callsim/dialect.hpp"
#include "callsim/playout.hpp"

namespace voxgate::callsim::test {

inline DialectConfig call_config(Carrier c) {
  DialectConfig config;
  config.carrier = c;
  config.ids = {"CALL1", "STREAM1", "ACC1"};
  config.custom_parameters = {{"tenant", "acme"}, {"voxgate_stream_token", "v1.t"}};
  config.epoch_ms = 1700000000000;
  return config;
}

inline boost::json::value as_json(const WireFrame& f) {
  EXPECT_FALSE(f.binary);
  return boost::json::parse(f.data);
}

// `frame` is the JSON text `expected`, field for field and type for type.
inline void expect_json(const WireFrame& frame, std::string_view expected) {
  EXPECT_EQ(as_json(frame), boost::json::parse(expected)) << frame.data;
}

// Parses `data` and applies it to `playout` at `now`; marks echoed go out as
// the dialect's played() frames into `echoes`. False on a parse error.
inline bool drive(Dialect& d, Playout& playout, std::string_view data, bool binary,
                  common::TimePoint now, Frames& echoes) {
  auto parsed = d.parse(data, binary);
  if (!parsed) return false;
  PlayoutOutput out;
  if (auto* play = std::get_if<ServerPlay>(&*parsed)) {
    playout.on_media(play->ulaw, now, out);
  } else if (auto* mark = std::get_if<ServerMark>(&*parsed)) {
    playout.on_mark(mark->name, now, out);
  } else {
    playout.on_clear(now, out);
  }
  for (const std::string& m : out.marks) d.played(m, echoes);
  if (std::holds_alternative<ServerClear>(*parsed)) d.cleared(echoes);
  return true;
}

inline void advance(Dialect& d, Playout& playout, common::TimePoint now, Frames& echoes) {
  PlayoutOutput out;
  playout.advance(now, out);
  for (const std::string& m : out.marks) d.played(m, echoes);
}

inline const common::TimePoint kT0 = common::TimePoint{} + std::chrono::hours(1);

}  // namespace voxgate::callsim::test
