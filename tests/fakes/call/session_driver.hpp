#pragma once
// SessionDriver: decodes a byte stream into a random but well-formed sequence
// of CallSession inputs with increasing times, and checks invariants after
// every step (BEHAVIOUR 1-5):
//   - no caller media for a response the session cancelled;
//   - caller media only while forwarding an AI delta; truncate <= audio sent;
//   - end_call at most once, and nothing at all emitted after it;
//   - the greeting state is over by its deadline (checked after each tick).
// Shared by fuzz/call_session_fuzz.cpp (libFuzzer bytes) and the unit test
// (std::mt19937 bytes). Header-only, test code.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "call/byte_count.hpp"
#include "call/call_session.hpp"
#include "recording_sink.hpp"  // same folder: the fuzz target has no tests/ include path

namespace voxgate::call::testing {

class InvariantSink : public ActionSink {
 public:
  common::TimePoint now{};
  std::string delta_response;  // set while the driver feeds a delta
  std::string delta_item;
  int64_t delta_bytes = 0;
  std::optional<std::string> greeting_text;
  std::optional<common::TimePoint> greeting_requested_at;
  std::vector<std::string> marks;
  int ends = 0;
  std::optional<std::string> violation;

  void send_caller_media(std::string_view) override {
    after_end("media");
    if (delta_response.empty()) fail("caller media outside an AI delta");
    if (cancelled_.count(delta_response)) fail("media of cancelled response " + delta_response);
    sent_[delta_item] += delta_bytes;
  }
  void send_caller_mark(std::string_view name) override {
    after_end("mark");
    marks.emplace_back(name);
  }
  void send_caller_clear() override { after_end("clear"); }
  void play_clip(Clip, std::string_view mark) override {
    after_end("clip");
    marks.emplace_back(mark);
  }
  void open_ai_leg() override { after_end("open"); }
  void close_ai_leg() override { after_end("close"); }
  void configure_ai() override { after_end("configure"); }
  void send_ai_append(std::string_view) override { after_end("append"); }
  void send_ai_item_text(Role, std::string_view) override { after_end("item"); }
  void send_ai_function_output(std::string_view, std::string_view) override { after_end("output"); }
  void send_ai_response_create(std::optional<std::string_view> instructions) override {
    after_end("create");
    if (instructions && greeting_text && *instructions == *greeting_text &&
        !greeting_requested_at) {
      greeting_requested_at = now;
    }
  }
  void send_ai_cancel(std::string_view id) override {
    after_end("cancel");
    cancelled_.emplace(id);
  }
  void send_ai_truncate(std::string_view item, int64_t ms) override {
    after_end("truncate");
    if (ms < 0 || ms > mulaw_bytes_to_ms(sent_[std::string(item)])) fail("truncate beyond audio");
  }
  void end_call(EndReason) override {
    after_end("end_call");
    ++ends;
  }
  void record(const CallEvent&) override { after_end("record"); }
  void metric(Metric, double) override { after_end("metric"); }

  void fail(const std::string& what) {
    if (!violation) violation = what;
  }

 private:
  void after_end(const char* what) {
    if (ends > 0) fail(std::string("emitted after end_call: ") + what);
  }
  std::set<std::string> cancelled_;
  std::map<std::string, int64_t> sent_;
};

struct DriveReport {
  std::optional<std::string> violation;
  SessionStats stats;
  std::size_t steps = 0;
  bool ended = false;
  std::optional<EndReason> end_reason;
};

// Runs one random session. `next()` returns the next input byte; `more()`
// says whether input remains. Returns the first invariant violated, if any.
template <typename Next, typename More>
DriveReport drive_session(Next&& next, More&& more, std::size_t max_steps) {
  SessionConfig cfg;
  uint8_t shape = next();
  if (shape & 1) cfg.greeting.instructions = "greet";
  cfg.greeting.interruptible = (shape & 2) != 0;
  cfg.greeting.min_play = common::Millis(500);
  cfg.greeting.deadline = common::Millis(8000);
  cfg.min_barge_in_speech = common::Millis((shape & 4) ? 200 : 0);
  cfg.cancelled_capacity = (shape & 8) ? 2 : 100;
  if (shape & 16) {
    cfg.caller_silence_timeout = common::Millis(20000);
    cfg.silence_prompt = "still there?";
  }
  cfg.early_audio_max_frames = (shape & 32) ? 3 : 250;
  cfg.max_call_duration = common::Millis(600000);

  InvariantSink sink;
  sink.greeting_text = cfg.greeting.instructions;
  common::TimePoint now = common::TimePoint{} + std::chrono::hours(1);
  sink.now = now;
  CallSession s(cfg, sink, now);
  s.start(now);
  s.on_caller_start(now, CallerStart{"MZ", "CA", {}});
  if (!(shape & 64)) {  // usually the AI leg comes up at once; else in random order
    s.on_ai_connected(now);
    s.on_ai_session_updated(now);
  }

  std::vector<std::string> responses;  // ids created so far, newest last
  int next_response = 0;
  // Mostly harmless codes; the fatal one is rare.
  const char* kCodes[] = {"response_cancel_not_active",
                          "server_error",
                          "invalid_value",
                          "conversation_already_has_active_response",
                          "response_cancel_not_active",
                          "server_error",
                          "input_audio_buffer_commit_empty",
                          "invalid_api_key"};
  auto pick_response = [&](uint8_t b) -> std::string {
    if (responses.empty() || b % 8 == 7) return "unknown";
    std::size_t back = b % 8 < 5 ? 0 : b % std::min<std::size_t>(responses.size(), 4);
    return responses[responses.size() - 1 - back];
  };

  DriveReport report;
  auto finish = [&] {
    report.violation = sink.violation;
    report.stats = s.stats();
    report.ended = s.ended();
    report.end_reason = s.end_reason();
    return report;
  };
  int after_end = 0;
  for (std::size_t step = 0; step < max_steps && more(); ++step) {
    report.steps = step + 1;
    uint8_t op = next();
    uint8_t arg = next();
    now += common::Millis(static_cast<int>(next()) * 5);
    sink.now = now;
    if (s.ended() && ++after_end > 10) break;  // a few more steps to check silence
    // Weighted: audio deltas and marks dominate, as on a real call.
    static constexpr uint8_t kOps[32] = {0,  0,  1,  1,  1,  2,  3,  4,  5,  6,  6,
                                         7,  8,  8,  9,  9,  9,  10, 10, 11, 11, 12,
                                         13, 14, 15, 16, 16, 17, 18, 19, 4,  1};
    switch (kOps[op % 32]) {
      case 0:
        s.on_caller_media(now, "AAAA", step * 20);
        break;
      case 1:
        if (!sink.marks.empty()) {
          s.on_caller_mark(now, sink.marks[arg % sink.marks.size()]);
        } else {
          s.on_caller_mark(now, "stray");
        }
        break;
      case 2:
        s.on_caller_dtmf(now, "5");
        break;
      case 3:
        if (arg < 4) s.on_caller_stop(now);
        break;
      case 4:
        s.on_ai_connected(now);
        if (arg & 1) s.on_ai_session_updated(now);
        break;
      case 5:
        s.on_ai_session_updated(now);
        break;
      case 6:
        s.on_ai_speech_started(now, "u");
        break;
      case 7:
        s.on_ai_speech_stopped(now);
        break;
      case 8:
        responses.push_back("r" + std::to_string(next_response++));
        s.on_ai_response_created(now, responses.back());
        break;
      case 9:
      case 10:
      case 11: {
        std::string r = pick_response(arg);
        std::string item = "i" + r + (arg & 64 ? "b" : "a");
        std::string payload = b64_ms(20 + (arg % 4) * 20);
        sink.delta_response = r;
        sink.delta_item = item;
        sink.delta_bytes = base64_decoded_size(payload);
        s.on_ai_audio_delta(now, r, item, payload);
        sink.delta_response.clear();
        break;
      }
      case 12: {
        std::string r = pick_response(arg);
        s.on_ai_audio_done(now, r, "i" + r + (arg & 64 ? "b" : "a"));
        break;
      }
      case 13: {
        std::string r = pick_response(arg);
        s.on_ai_transcript_done(now, r, "i" + r + "a", "some words said here");
        break;
      }
      case 14:
        s.on_ai_input_transcript(now, "u", "caller words");
        break;
      case 15:
        s.on_ai_function_call(now, "c", arg % 32 == 1 ? "end_call" : "other", "{}");
        break;
      case 16:
        s.on_ai_response_done(now, pick_response(arg), static_cast<ResponseStatus>(arg % 4));
        break;
      case 17:
        s.on_ai_error(now, kCodes[arg % 8 == 7 && arg < 128 ? 0 : arg % 8], "m");
        break;
      case 18:
        if (arg % 4 == 1) {
          s.on_ai_leg_failed(now, "closed", arg % 64 == 1);
        } else {
          s.on_ai_reconnect_failed(now);
        }
        break;
      default:
        if (arg < 2) s.on_shutdown(now);
        break;
    }
    s.on_tick(now);
    if (sink.ends > 1) sink.fail("end_call more than once");
    if (s.greeting_active() && sink.greeting_requested_at &&
        now - *sink.greeting_requested_at >= cfg.greeting.deadline) {
      sink.fail("greeting active past its deadline");
    }
    if (s.ended() != (sink.ends == 1)) sink.fail("ended() disagrees with end_call");
    if (sink.violation) return finish();
  }
  return finish();
}

}  // namespace voxgate::call::testing
