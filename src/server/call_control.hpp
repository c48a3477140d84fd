#pragma once
// What the API may ask of live calls, without knowing how calls run:
// implemented by the server's CallRegistry. Thread-safe.

#include <string>
#include <vector>

namespace voxgate::server {

class CallControl {
 public:
  virtual ~CallControl() = default;
  // Asks the live call `id` (call sid or stream sid) to hang up. False if no
  // such call is running here.
  virtual bool hangup(const std::string& id) = 0;
  virtual bool is_live(const std::string& id) const = 0;
  virtual std::vector<std::string> live_ids() const = 0;
};

}  // namespace voxgate::server
