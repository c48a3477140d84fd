#pragma once
// RecordingSink: an ActionSink that writes every action as one short string
// ("clear", "cancel:r1", "truncate:i1:300", ...) so tests can assert exact
// order. Events and metrics are kept apart. Test-only; single thread.

#include <string>
#include <vector>

#include "call/action_sink.hpp"

namespace voxgate::call::testing {

class RecordingSink : public ActionSink {
 public:
  std::vector<std::string> actions;
  std::vector<CallEvent> events;
  std::vector<std::pair<Metric, double>> metrics;

  void send_caller_media(std::string_view) override { actions.push_back("media"); }
  void send_caller_mark(std::string_view name) override {
    actions.push_back("mark:" + std::string(name));
  }
  void send_caller_clear() override { actions.push_back("clear"); }
  void play_clip(Clip clip, std::string_view mark) override {
    actions.push_back(std::string(clip == Clip::kHolding ? "clip:holding:" : "clip:fallback:") +
                      std::string(mark));
  }
  void open_ai_leg() override { actions.push_back("open"); }
  void close_ai_leg() override { actions.push_back("close"); }
  void configure_ai() override { actions.push_back("configure"); }
  void send_ai_append(std::string_view payload) override {
    actions.push_back("append:" + std::string(payload));
  }
  void send_ai_item_text(Role role, std::string_view text) override {
    actions.push_back(std::string(role == Role::kUser ? "item:user:" : "item:assistant:") +
                      std::string(text));
  }
  void send_ai_function_output(std::string_view call_id, std::string_view output) override {
    actions.push_back("output:" + std::string(call_id) + ":" + std::string(output));
  }
  void send_ai_response_create(std::optional<std::string_view> instructions) override {
    actions.push_back(instructions ? "create:" + std::string(*instructions) : "create");
  }
  void send_ai_cancel(std::string_view id) override {
    actions.push_back("cancel:" + std::string(id));
  }
  void send_ai_truncate(std::string_view item, int64_t ms) override {
    actions.push_back("truncate:" + std::string(item) + ":" + std::to_string(ms));
  }
  void invoke_tool(std::string_view call_id, std::string_view name,
                   std::string_view args) override {
    actions.push_back("tool:" + std::string(call_id) + ":" + std::string(name) + ":" +
                      std::string(args));
  }
  void transfer_call(std::string_view target) override {
    actions.push_back("transfer:" + std::string(target));
  }
  void end_call(EndReason reason) override {
    actions.push_back("end:" + std::string(to_string(reason)));
  }
  void record(const CallEvent& e) override { events.push_back(e); }
  void metric(Metric m, double v) override { metrics.emplace_back(m, v); }

  // Actions recorded since `from`, and a helper to take them.
  std::vector<std::string> since(std::size_t from) const {
    return {actions.begin() + static_cast<std::ptrdiff_t>(from), actions.end()};
  }
  bool has(const std::string& a) const {
    for (const auto& x : actions) {
      if (x == a) return true;
    }
    return false;
  }
  int count_prefix(const std::string& p) const {
    int n = 0;
    for (const auto& x : actions) n += x.rfind(p, 0) == 0 ? 1 : 0;
    return n;
  }
  bool has_event(CallEvent::Kind k) const {
    for (const auto& e : events) {
      if (e.kind == k) return true;
    }
    return false;
  }
};

// Base64 text whose decoded size is `bytes` (content irrelevant to the core).
inline std::string b64_bytes(int64_t bytes) {
  int64_t groups = (bytes + 2) / 3;
  int64_t pad = (3 - bytes % 3) % 3;
  return std::string(static_cast<std::size_t>(groups * 4 - pad), 'A') +
         std::string(static_cast<std::size_t>(pad), '=');
}
inline std::string b64_ms(int64_t ms) {
  return b64_bytes(ms * 8);
}

}  // namespace voxgate::call::testing
