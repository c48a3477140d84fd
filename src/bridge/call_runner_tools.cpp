// CallRunner: tools and call control (docs/tools.md). The ToolRunner does the work
// off this strand's turn; its verdict comes back here, on the strand, and
// goes to the session. Results for a finished call are dropped (guarded()).
#include "bridge/call_runner.hpp"

namespace voxgate::bridge {

using spdlog::level::level_enum;

void CallRunner::invoke_tool(std::string_view call_id, std::string_view name,
                             std::string_view arguments_json) {
  std::weak_ptr<CallRunner> weak = weak_from_this();
  auto done = [weak, id = std::string(call_id), tool = std::string(name)](ToolVerdict v) {
    auto self = weak.lock();
    if (!self) return;
    self->guarded_call("tool result", [&] { self->on_tool_verdict(id, tool, std::move(v)); });
  };
  obs::call_log(level_enum::info, log_, "tool call {} ({})", name, call_id);
  if (!deps_.tools) {
    boost::asio::post(tick_.get_executor(), [done = std::move(done)] {
      done(ToolVerdict{R"({"error":"unknown function"})", "unknown_tool", std::nullopt});
    });
    return;
  }
  const auto& caller = session_.caller();
  deps_.tools->run(
      tick_.get_executor(), {caller.call_sid, caller.stream_sid, caller.custom_parameters},
      std::string(call_id), std::string(name), std::string(arguments_json), std::move(done));
}

void CallRunner::on_tool_verdict(const std::string& call_id, const std::string& name,
                                 ToolVerdict verdict) {
  obs::call_log(level_enum::info, log_, "tool {} ({}): {}", name, call_id, verdict.outcome);
  if (verdict.transfer_to) {
    // One transfer per call: the API may have claimed it meanwhile.
    if (!transfer_claimed_.exchange(true) &&
        session_.on_transfer(now(), call_id, *verdict.transfer_to)) {
      return;
    }
    verdict = {R"({"error":"the call cannot be transferred now"})", "refused", std::nullopt};
  }
  session_.on_tool_result(now(), call_id, verdict.output_json, verdict.outcome);
}

void CallRunner::transfer_call(std::string_view target) {
  transfer_claimed_ = true;
  if (deps_.transfers) deps_.transfers->add(log_.call_sid, std::string(target), {});
  obs::call_log(level_enum::info, log_, "transferring the call to {}", target);
}

void CallRunner::count_tool_result(const call::CallEvent& event) {
  // Label values stay bounded: names the model made up count as "unknown".
  const bool unknown = event.text == "unknown_tool";
  deps_.metrics->tool_call(unknown ? "unknown" : event.id, event.text);
}

ControlResult CallRunner::request_say(const std::string& text) {
  if (transfer_claimed_) return ControlResult::kConflict;
  boost::asio::post(tick_.get_executor(), [self = shared_from_this(), text] {
    self->guarded_call("say", [&] {
      if (!self->session_.on_say(self->now(), text)) {
        obs::call_log(level_enum::info, self->log_, "say refused: the call is ending");
      }
    });
  });
  return ControlResult::kAccepted;
}

ControlResult CallRunner::request_transfer(const std::string& target) {
  if (transfer_claimed_.exchange(true)) return ControlResult::kConflict;
  boost::asio::post(tick_.get_executor(), [self = shared_from_this(), target] {
    self->guarded_call("transfer", [&] {
      if (!self->session_.on_transfer(self->now(), "", target)) {
        obs::call_log(level_enum::info, self->log_, "transfer refused: the call is ending");
      }
    });
  });
  return ControlResult::kAccepted;
}

}  // namespace voxgate::bridge
