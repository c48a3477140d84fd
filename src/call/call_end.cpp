#include "call/call_end.hpp"

#include <algorithm>
#include <utility>

namespace voxgate::call {

void CallEnd::end_on_mark(EndReason reason, std::string mark, common::TimePoint deadline) {
  if (reason_) return;
  pending_ = Pending{reason, std::move(mark), deadline};
}

void CallEnd::bound_deadline(common::TimePoint deadline) {
  if (pending_) pending_->deadline = std::min(pending_->deadline, deadline);
}

bool CallEnd::request_hangup(common::TimePoint now) {
  if (hangup_requested_at_ || reason_) return false;
  hangup_requested_at_ = now;
  return true;
}

bool CallEnd::finish(EndReason reason) {
  if (reason_) return false;
  reason_ = reason;
  pending_.reset();
  hangup_requested_at_.reset();
  return true;
}

}  // namespace voxgate::call
