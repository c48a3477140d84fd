#pragma once
// TransferBook: which calls were handed to a person, and to whom
// (transfer_call, docs/tools.md). The call's runner adds an entry keyed by
// CallSid when a transfer is accepted; POST /twiml/after, which may reach
// any instance, reads it to answer <Dial>. Entries expire; find() leaves the
// entry in place (Twilio may retry the action request), so the TTL alone
// removes it.

#include <string>

#include "cluster/cluster_result.hpp"

namespace voxgate::cluster {

class TransferBook {
 public:
  virtual ~TransferBook() = default;
  // `done` (may be empty) learns whether the entry was stored.
  virtual void add(const std::string& call_sid, const std::string& target,
                   ClusterCallback<bool> done) = 0;
  // The target, empty when `call_sid` was not transferred (or it expired).
  virtual void find(const std::string& call_sid, ClusterCallback<std::string> done) = 0;
};

}  // namespace voxgate::cluster
