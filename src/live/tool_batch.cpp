#include "live/tool_batch.hpp"

#include <algorithm>

namespace voxgate::live {

void ToolBatch::on_response_created() {
  calls_.clear();
  completed_ = false;
}

bool ToolBatch::on_call(std::string_view call_id) {
  auto same = [&](const Call& c) { return c.id == call_id; };
  if (std::any_of(calls_.begin(), calls_.end(), same)) return false;
  calls_.push_back({std::string(call_id), false});
  return true;
}

bool ToolBatch::on_output(std::string_view call_id) {
  for (auto& c : calls_) {
    if (c.id == call_id && !c.answered) {
      c.answered = true;
      return true;
    }
  }
  return false;
}

void ToolBatch::on_abandoned() {
  calls_.clear();
  completed_ = false;
}

bool ToolBatch::take_continue() {
  bool all = std::all_of(calls_.begin(), calls_.end(), [](const Call& c) { return c.answered; });
  if (!completed_ || calls_.empty() || !all) return false;
  on_abandoned();  // the batch is answered: start afresh
  return true;
}

}  // namespace voxgate::live
