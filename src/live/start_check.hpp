#pragma once
// The GPT-Live service's check of session.start (the server side, shared by
// fakeai and the local agent), as strict as
// PROTOCOLS-LIVE 4 says the service is: an unknown field anywhere in the
// session object is `unknown_parameter`, a missing required one
// `missing_required_parameter`, a wrong JSON type `invalid_type`, a value out
// of range `invalid_value`; each names the field in `param`. Pure.

#include <boost/json/object.hpp>
#include <string>

#include "common/result.hpp"

namespace voxgate::live {

struct StartReject {
  std::string code;
  std::string message;
  std::string param;  // e.g. "session.audio.format.rate"
};

// What the fake keeps of an accepted session.start.
struct LiveStart {
  std::string model;
  std::string format = "audio/pcmu";
  int64_t rate = 8000;
  std::string voice = "marin";
  bool responses = false;  // delegation.type == "responses"
  size_t input_messages = 0;
  bool store = false;
};

// `event` is the whole client event ({type, event_id?, session}).
common::Result<LiveStart, StartReject> check_session_start(const boost::json::object& event);

// The `session` object of session.started for an accepted start: the
// resolved configuration (PROTOCOLS-LIVE 3). `id` is opaque (live_...).
boost::json::object started_session(const LiveStart& start, const std::string& id);

}  // namespace voxgate::live
