#pragma once
// Turns the call core's record actions (call::CallEvent) into the stored
// call record (store::CallRecord): transcript turns, the events that matter
// and the per-call latency figures (BEHAVIOUR §6). One per call (per stream),
// used on its strand; pure but for the record key, unique per builder.

#include <string>

#include "call/call_event.hpp"
#include "common/clock.hpp"
#include "store/call_record.hpp"

namespace voxgate::bridge {

class CallRecordBuilder {
 public:
  // `started` is the call's steady-clock start; `started_epoch_ms` the same
  // instant in wall-clock time for the record.
  CallRecordBuilder(common::TimePoint started, int64_t started_epoch_ms);

  void set_ids(const std::string& call_sid, const std::string& stream_sid);
  // Where the call came from: the media route's carrier, the caller's number.
  void set_origin(const std::string& carrier, const std::string& caller) {
    record_.carrier = carrier;
    record_.caller = caller;
  }
  void set_recording(const std::string& path) { record_.recording_path = path; }
  void add(const call::CallEvent& event);
  // Completes the record with the end; returns it (the builder is spent).
  store::CallRecord finish(int64_t now_epoch_ms, const std::string& end_reason);

  const store::CallRecord& current() const { return record_; }

 private:
  int64_t since_start_ms(common::TimePoint t) const;

  common::TimePoint started_;
  store::CallRecord record_;
  double turn_latency_sum_ms_ = 0;
  int turn_latency_count_ = 0;
};

}  // namespace voxgate::bridge
