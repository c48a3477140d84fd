#include "server/call_runner.hpp"

#include <chrono>

#include "server/ai_event_dispatch.hpp"
#include "telephony/twilio/codec.hpp"

namespace voxgate::server {
namespace {

namespace twilio = telephony::twilio;
using spdlog::level::level_enum;

int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

template <typename Fn>
void CallRunner::guarded(const char* where, Fn&& fn) {
  if (finished_) return;
  try {
    fn();
  } catch (const std::exception& e) {
    obs::call_log(level_enum::err, log_, "caller_leg_fatal in {}: {}", where, e.what());
    end_detail_ = std::string("exception in ") + where;
    if (!end_reason_) end_reason_ = call::EndReason::kShutdown;
    finish();
  }
}

void CallRunner::guarded_call(const char* where, const std::function<void()>& fn) {
  guarded(where, fn);
}

std::shared_ptr<CallRunner> CallRunner::start(std::shared_ptr<net::WsConnection> caller,
                                              const RunnerDeps& deps) {
  auto runner = std::make_shared<CallRunner>(std::move(caller), deps);
  runner->begin();
  return runner;
}

CallRunner::CallRunner(std::shared_ptr<net::WsConnection> caller, const RunnerDeps& deps)
    : caller_(std::move(caller)),
      deps_(deps),
      session_(deps.config->session, *this, deps.clock->now()),
      tick_(caller_->get_executor()),
      record_(deps.clock->now(), epoch_ms()),
      bad_log_limit_(5, std::chrono::seconds(10)),
      stall_guard_(deps.config->caller_stuck_timeout) {
  deps_.metrics->active_calls.add(1);
}

CallRunner::~CallRunner() {
  deps_.metrics->active_calls.add(-1);
}

void CallRunner::begin() {
  auto self = shared_from_this();
  caller_->start({[self](std::string_view text) { self->on_caller_text(text); },
                  [self](const net::CloseInfo& info) { self->on_caller_closed(info); }});
  guarded("start", [&] { session_.start(now()); });
  schedule_tick();
}

void CallRunner::schedule_tick() {
  if (finished_) return;
  tick_.expires_after(deps_.config->tick);
  tick_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->finished_) return;
    self->guarded("tick", [&] { self->session_.on_tick(self->now()); });
    self->end_if_caller_stalled();
    self->schedule_tick();
  });
}

void CallRunner::request_hangup(const std::string& reason) {
  boost::asio::post(tick_.get_executor(), [self = shared_from_this(), reason] {
    self->guarded("hangup", [&] {
      obs::call_log(level_enum::info, self->log_, "hang-up requested: {}", reason);
      self->session_.on_hangup_requested(self->now());
    });
  });
}

// Issue 6 item 8, apart from the API hang-up: the session plays the fallback
// clip, then ends the call (reason shutdown).
void CallRunner::request_shutdown() {
  boost::asio::post(tick_.get_executor(), [self = shared_from_this()] {
    self->guarded("shutdown", [&] {
      obs::call_log(level_enum::info, self->log_, "server shutting down: fallback clip, then end");
      self->session_.on_shutdown(self->now());
    });
  });
}

// ---- caller leg -----------------------------------------------------------

void CallRunner::on_caller_text(std::string_view text) {
  guarded("caller message", [&] {
    auto parsed = twilio::parse_inbound(text);
    if (!parsed) {
      bad_caller_message(twilio::to_string(parsed.error()));
      return;
    }
    bad_in_a_row_ = 0;
    const common::TimePoint t = now();
    std::visit(
        [&](auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, twilio::Media>) {
            if (recording_) recording_->on_caller_media(e.payload_b64);
            session_.on_caller_media(t, e.payload_b64, e.timestamp_ms);
          } else if constexpr (std::is_same_v<T, twilio::Mark>) {
            session_.on_caller_mark(t, e.name);
          } else if constexpr (std::is_same_v<T, twilio::Start>) {
            if (admit_stream(e)) on_twilio_start(e);
          } else if constexpr (std::is_same_v<T, twilio::Dtmf>) {
            session_.on_caller_dtmf(t, e.digit);
          } else if constexpr (std::is_same_v<T, twilio::Stop>) {
            session_.on_caller_stop(t);
          }
        },
        *parsed);
  });
}

void CallRunner::on_twilio_start(const twilio::Start& s) {
  stream_sid_ = s.stream_sid;
  log_ = {s.call_sid, s.stream_sid};
  record_.set_ids(s.call_sid, s.stream_sid);
  deps_.registry->add({s.call_sid, s.stream_sid}, weak_from_this());
  if (!deps_.config->recordings_dir.empty()) {
    std::string error;
    recording_ = CallRecording::open(deps_.config->recordings_dir, record_.current().id, error);
    if (recording_) {
      record_.set_recording(recording_->path());
    } else {
      obs::call_log(level_enum::warn, log_, "recording disabled for this call: {}", error);
    }
  }
  obs::call_log(level_enum::info, log_, "call started ({} custom parameters)",
                s.custom_parameters.size());
  call::CallerStart start{s.stream_sid, s.call_sid, {}};
  for (const auto& [k, v] : s.custom_parameters) start.custom_parameters[k] = v;
  session_.on_caller_start(now(), std::move(start));
}

void CallRunner::bad_caller_message(std::string_view why) {
  deps_.metrics->bad_caller_messages.inc();
  if (bad_log_limit_.allow(now())) {
    obs::call_log(level_enum::warn, log_, "rejected caller message: {} ({} suppressed)", why,
                  bad_log_limit_.suppressed());
  }
  // BEHAVIOUR 5: bad input never ends a call by itself unless it repeats.
  if (++bad_in_a_row_ >= deps_.config->bad_caller_threshold) {
    obs::call_log(level_enum::err, log_, "caller_leg_fatal: {} bad messages in a row",
                  bad_in_a_row_);
    caller_->close(1008, "too many malformed messages");
  }
}

void CallRunner::on_caller_closed(const net::CloseInfo& info) {
  guarded("caller closed", [&] {
    if (!end_reason_) {
      obs::call_log(level_enum::info, log_, "caller leg closed (code {})", info.code);
      session_.on_caller_closed(now());
    }
  });
  finish();  // the socket is gone: whatever the session did, the call is over
}

void CallRunner::send_caller_media(std::string_view payload_b64) {
  if (recording_) recording_->on_agent_media(payload_b64);
  const bool sent = caller_->send(twilio::media_message(stream_sid_, payload_b64));
  if (!sent && caller_->is_open()) deps_.metrics->dropped_send_queue.inc();
  stall_guard_.on_send(sent || !caller_->is_open(), now());
}

void CallRunner::end_if_caller_stalled() {
  if (finished_) return;
  stall_guard_.on_tick(caller_->queued() > 0, caller_->stats().messages_out, now());
  if (!stall_guard_.stalled(now())) return;
  obs::call_log(level_enum::warn, log_, "caller not reading: writes to it stopped completing");
  end_reason_ = call::EndReason::kCallerStalled;
  finish();
}

void CallRunner::send_caller_mark(std::string_view name) {
  caller_->send(twilio::mark_message(stream_sid_, name));
}

void CallRunner::send_caller_clear() {
  cleared_in_dispatch_ = true;
  if (recording_) recording_->on_clear();
  caller_->send(twilio::clear_message(stream_sid_));
}

void CallRunner::play_clip(call::Clip clip, std::string_view mark_name) {
  for (const auto& chunk : deps_.clips->get(clip).chunks_b64) send_caller_media(chunk);
  send_caller_mark(mark_name);
}

// ---- AI leg ---------------------------------------------------------------

void CallRunner::open_ai_leg() {
  if ((ai_ && ai_->is_open()) || dialling_) return;
  dialling_ = true;
  const uint64_t generation = ++ai_generation_;
  std::weak_ptr<CallRunner> weak = weak_from_this();
  realtime::AiClient::Handlers h;
  h.on_event = [weak, generation](realtime::ServerEvent&& e) {
    auto self = weak.lock();
    if (self && self->ai_generation_ == generation) self->on_ai_event(e);
  };
  h.on_failure = [weak, generation](const realtime::AiFailure& f) {
    auto self = weak.lock();
    if (self && self->ai_generation_ == generation) self->on_ai_failure(f);
  };
  h.on_bad_message = [weak](realtime::ParseError) {
    if (auto self = weak.lock()) self->deps_.metrics->bad_ai_messages.inc();
  };
  const common::TimePoint dialled = now();
  realtime::AiClient::connect(tick_.get_executor(), deps_.config->ai, std::move(h),
                              [weak, generation, dialled](auto result) {
                                auto self = weak.lock();
                                if (!self || self->ai_generation_ != generation) {
                                  if (result) (*result)->close();
                                  return;
                                }
                                self->dialling_ = false;
                                if (result) {
                                  self->on_ai_connected(std::move(*result), dialled);
                                } else {
                                  self->on_ai_failure(result.error());
                                }
                              });
}

void CallRunner::on_ai_connected(std::shared_ptr<realtime::AiClient> client,
                                 common::TimePoint dialled) {
  if (finished_) {
    client->close();
    return;
  }
  ai_ = std::move(client);
  deps_.metrics->ai_connect.observe(common::ms_between(dialled, now()) / 1000.0);
  guarded("ai connected", [&] { session_.on_ai_connected(now()); });
}

void CallRunner::on_ai_event(const realtime::ServerEvent& event) {
  guarded("ai event", [&] {
    dispatch_started_ = now();
    cleared_in_dispatch_ = false;
    const DispatchNote note = dispatch_ai_event(session_, *dispatch_started_, event);
    if (cleared_in_dispatch_) {
      // BEHAVIOUR 3: barge-in latency, "speech started" received to clear written.
      const double ms = common::ms_between(*dispatch_started_, now());
      deps_.metrics->barge_ins.inc();
      deps_.metrics->barge_in_latency.observe(ms / 1000.0);
      record_.set_last_barge_in_latency(ms);
    }
    dispatch_started_.reset();
    if (note.error) {
      deps_.metrics->ai_error(note.error->code.empty() ? "unknown" : note.error->code);
      obs::call_log(note.ignorable_error ? level_enum::debug : level_enum::warn, log_,
                    "AI error {}: {}", note.error->code, note.error->message);
    }
  });
}

void CallRunner::on_ai_failure(const realtime::AiFailure& failure) {
  guarded("ai failure", [&] {
    if (ai_) ai_->close();
    ai_.reset();
    ++ai_generation_;  // late callbacks from the dead client are ignored
    deps_.metrics->ai_error(std::string(realtime::to_string(failure.kind)));
    obs::call_log(level_enum::warn, log_, "ai_leg_fatal: {}", realtime::describe(failure));
    session_.on_ai_leg_failed(now(), realtime::describe(failure), failure.fatal);
  });
}

void CallRunner::close_ai_leg() {
  ++ai_generation_;
  dialling_ = false;
  if (ai_) ai_->close();
  ai_.reset();
}

void CallRunner::configure_ai() {
  if (ai_) ai_->send(realtime::SessionUpdate{deps_.config->ai_session});
}

void CallRunner::send_ai_append(std::string_view payload_b64) {
  if (ai_ && !ai_->send_audio(payload_b64) && ai_->is_open())
    deps_.metrics->dropped_send_queue.inc();
}

void CallRunner::send_ai_item_text(call::Role role, std::string_view text) {
  if (ai_) {
    ai_->send(realtime::ItemCreateMessage{role == call::Role::kUser ? "user" : "assistant",
                                          std::string(text)});
  }
}

void CallRunner::send_ai_function_output(std::string_view call_id, std::string_view output) {
  if (ai_) ai_->send(realtime::ItemCreateFunctionOutput{std::string(call_id), std::string(output)});
}

void CallRunner::send_ai_response_create(std::optional<std::string_view> instructions) {
  if (!ai_) return;
  realtime::ResponseCreate r;
  if (instructions) r.instructions = std::string(*instructions);
  ai_->send(r);
}

void CallRunner::send_ai_cancel(std::string_view response_id) {
  if (ai_) ai_->send(realtime::ResponseCancel{std::string(response_id)});
}

void CallRunner::send_ai_truncate(std::string_view item_id, int64_t audio_end_ms) {
  if (ai_) ai_->send(realtime::ItemTruncate{std::string(item_id), 0, audio_end_ms});
}

// ---- ending -----------------------------------------------------------------

void CallRunner::end_call(call::EndReason reason) {
  end_reason_ = reason;
  // Not from inside the session's own call stack: finish on the next turn.
  boost::asio::post(tick_.get_executor(), [self = shared_from_this()] { self->finish(); });
}

void CallRunner::finish() {
  if (finished_) return;
  finished_ = true;
  tick_.cancel();
  close_ai_leg();
  const std::string reason =
      end_reason_ ? std::string(call::to_string(*end_reason_)) : std::string("caller_hangup");
  caller_->close(1000, "call ended");
  if (recording_) recording_->close();
  deps_.registry->remove({log_.call_sid, log_.stream_sid});
  deps_.metrics->call_ended(end_detail_.empty() ? reason : "error");
  obs::call_log(level_enum::info, log_, "call ended: {}", reason);
  if (deps_.writer) deps_.writer->submit(record_.finish(epoch_ms(), reason));
}

void CallRunner::record(const call::CallEvent& event) {
  record_.add(event);
  if (event.kind == call::CallEvent::Kind::kToolResult) count_tool_result(event);
  if (event.kind == call::CallEvent::Kind::kTranscriptTurn) {
    obs::call_log(level_enum::info, log_, "{}: {}{}",
                  event.role == call::Role::kUser ? "caller" : "agent", event.text,
                  event.interrupted ? " (interrupted)" : "");
  }
}

void CallRunner::metric(call::Metric kind, double value) {
  auto& m = *deps_.metrics;
  switch (kind) {
    case call::Metric::kCallerFramesIn:
      m.frames_in.inc();
      break;
    case call::Metric::kCallerMediaOut:
      m.frames_out.inc();
      break;
    case call::Metric::kDroppedCancelled:
      m.dropped_cancelled.inc();
      break;
    case call::Metric::kDroppedLate:
      m.dropped_late.inc();
      break;
    case call::Metric::kDroppedOverflow:
      m.dropped_overflow.inc();
      break;
    case call::Metric::kBargeInLatencySeconds:
      // Inside an AI event the shell measures it itself (on_ai_event); a
      // barge-in held back by the echo guard fires from a tick instead.
      if (!dispatch_started_) {
        m.barge_ins.inc();
        m.barge_in_latency.observe(value);
      }
      break;
    case call::Metric::kTurnLatencySeconds:
      m.turn_latency.observe(value);
      break;
    case call::Metric::kFirstAudioSeconds:
      m.first_audio.observe(value);
      break;
    case call::Metric::kReconnects:
      m.reconnects.inc();
      break;
    case call::Metric::kFallbacks:
      m.fallbacks.inc();
      break;
    default:
      break;  // the rest are per-session stats only
  }
}

}  // namespace voxgate::server
