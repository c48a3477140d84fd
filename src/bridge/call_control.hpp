#pragma once
// What the API may ask of live calls, without knowing how calls run:
// implemented by the server's CallRegistry. Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "store/call_record.hpp"

namespace voxgate::bridge {

// The answer to a call-control say / transfer request (docs/tools.md).
enum class ControlResult { kAccepted, kNotFound, kConflict };

class CallControl {
 public:
  virtual ~CallControl() = default;
  // Asks the live call `id` (call sid or stream sid) to hang up. False if no
  // such call is running here.
  virtual bool hangup(const std::string& id) = 0;
  virtual bool is_live(const std::string& id) const = 0;
  virtual std::vector<std::string> live_ids() const = 0;
  // Call-control API (docs/tools.md): the agent says `text` (after its current response); hand the
  // call to `target` (already allow-list checked). kConflict: the call is
  // already being transferred. Defaults: not supported here.
  virtual ControlResult say(const std::string& /*id*/, const std::string& /*text*/) {
    return ControlResult::kNotFound;
  }
  virtual ControlResult transfer(const std::string& /*id*/, const std::string& /*target*/) {
    return ControlResult::kNotFound;
  }
  // What the live calls have recorded so far (turns, events, latency figures;
  // ended_at_ms 0), one per call, for the dashboard. Default: none.
  virtual std::vector<store::CallRecord> live_records() const { return {}; }
  // The same for one call, by call sid or stream sid.
  virtual std::optional<store::CallRecord> live_record(const std::string& /*id*/) const {
    return std::nullopt;
  }
};

}  // namespace voxgate::bridge
