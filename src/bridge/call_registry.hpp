#pragma once
// The in-process registry of live calls: lets the API and shutdown reach a
// call wherever its strand is. One instance per server; thread-safe (a mutex
// held only for map operations, never across a call's code).
// The Redis-backed registry for more than one instance implements the same
// CallControl interface.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "bridge/call_control.hpp"

namespace voxgate::bridge {

// A running call as the registry sees it. request_hangup() must be safe from
// any thread (implementations post to their strand).
class LiveCall {
 public:
  virtual ~LiveCall() = default;
  virtual void request_hangup(const std::string& reason) = 0;
  // Call-control API (docs/tools.md); safe from any thread.
  virtual ControlResult request_say(const std::string& /*text*/) {
    return ControlResult::kNotFound;
  }
  virtual ControlResult request_transfer(const std::string& /*target*/) {
    return ControlResult::kNotFound;
  }
  // The server is stopping and the grace period is over (README: SIGTERM drains):
  // end the call, letting the caller hear the fallback clip first.
  virtual void request_shutdown() { request_hangup("shutdown"); }
  // The record so far (CallControl::live_records); safe from any thread.
  virtual store::CallRecord snapshot() const { return {}; }
};

class CallRegistry final : public CallControl {
 public:
  // Registers a call under one or more ids (call sid, stream sid).
  void add(const std::vector<std::string>& ids, std::weak_ptr<LiveCall> call);
  void remove(const std::vector<std::string>& ids);

  bool hangup(const std::string& id) override;
  bool is_live(const std::string& id) const override;
  std::vector<std::string> live_ids() const override;
  ControlResult say(const std::string& id, const std::string& text) override;
  ControlResult transfer(const std::string& id, const std::string& target) override;
  std::vector<store::CallRecord> live_records() const override;
  std::optional<store::CallRecord> live_record(const std::string& id) const override;

  // Asks every live call to end (graceful shutdown). Returns how many.
  size_t hangup_all(const std::string& reason);
  // Asks every live call to shut down (request_shutdown). Returns how many.
  size_t shutdown_all();
  size_t size() const;

 private:
  std::shared_ptr<LiveCall> find(const std::string& id) const;
  std::vector<std::shared_ptr<LiveCall>> distinct_live() const;

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::weak_ptr<LiveCall>> calls_;
};

}  // namespace voxgate::bridge
