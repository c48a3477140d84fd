#pragma once
// LiveCallRegistry: which instance holds which live call, and what the API's
// list shows of it, across every instance sharing the cluster state. The
// instance holding a call put()s it when the call starts (and again when its
// state changes) and remove()s it when it ends; a shared implementation keeps
// each entry alive with a TTL it refreshes while the call lives, so the calls
// of an instance that crashed expire by themselves.

#include <cstdint>
#include <string>
#include <vector>

#include "cluster/cluster_result.hpp"

namespace voxgate::cluster {

struct LiveCallEntry {
  std::string call_sid;
  std::string instance;  // server.instance_id of the holder
  std::string carrier;   // "twilio", "telnyx", ...
  std::string caller;    // the caller's number as the carrier gave it
  int64_t started_unix_ms = 0;
  std::string state;  // "connecting", "talking", ...

  bool operator==(const LiveCallEntry&) const = default;
};

class LiveCallRegistry {
 public:
  virtual ~LiveCallRegistry() = default;
  // `done` (may be empty) learns when the shared state has the change; a
  // failed put is retried by the refresh, a failed remove left to the TTL.
  virtual void put(const LiveCallEntry& entry, ClusterCallback<bool> done) = 0;
  virtual void remove(const std::string& call_sid, ClusterCallback<bool> done) = 0;
  // Removes every entry this instance put and has not removed (it stops:
  // its calls are over or about to be); `done` may be empty.
  virtual void remove_mine(ClusterCallback<bool> done) = 0;
  // The holder's instance id; empty when no instance holds `call_sid`.
  virtual void owner_of(const std::string& call_sid, ClusterCallback<std::string> done) = 0;
  // Every instance's live calls (no particular order).
  virtual void list(ClusterCallback<std::vector<LiveCallEntry>> done) = 0;
};

}  // namespace voxgate::cluster
