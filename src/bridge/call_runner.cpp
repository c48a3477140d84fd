#include "bridge/call_runner.hpp"

#include <chrono>
#include <random>

#include "audio/base64.hpp"
#include "bridge/ai_event_dispatch.hpp"
#include "bridge/call_metric_export.hpp"
#include "bridge/ws_caller_transport.hpp"

namespace voxgate::bridge {
namespace {

using spdlog::level::level_enum;

int64_t epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// BEHAVIOUR 5: reconnect backoff is jittered, so calls that failed together
// do not redial together; the core's generator is seeded per call here.
call::SessionConfig with_random_seed(call::SessionConfig c) {
  std::random_device rd;
  c.random_seed = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return c;
}

}  // namespace

// The carrier's outbound chunk rule in the call's bytes; none when the
// carrier plays audio in any size. The tail goes out once audio has paused
// for a tick (a response or clip ended).
std::optional<ChunkedPlayout> chunked_playout(const telephony::CallerLegTraits& t,
                                              const audio::Format& call, common::Duration tick) {
  if (t.play_min_ms <= 0) return std::nullopt;
  const auto bytes = [&](int ms) { return static_cast<size_t>(ms * call.bytes_per_ms()); };
  return ChunkedPlayout({bytes(t.play_granule_ms), bytes(t.play_min_ms), bytes(t.play_max_ms)},
                        tick);
}

template <typename Fn>
void CallRunner::guarded(const char* where, Fn&& fn) {
  if (finished_) return;
  try {
    fn();
    note_phase();
  } catch (const std::exception& e) {
    obs::call_log(level_enum::err, log_, "caller_leg_fatal in {}: {}", where, e.what());
    shell_error(where);
  }
}

// STYLE "Errors": the session ends the call through its one path (transcript
// flushed, true end reason); should the session itself throw again, the call
// still ends here.
void CallRunner::shell_error(const char* where) {
  try {
    session_.on_shell_error(now(), where);
  } catch (const std::exception& e) {
    obs::call_log(level_enum::err, log_, "session failed while ending the call: {}", e.what());
  }
  finish();
}

void CallRunner::guarded_call(const char* where, const std::function<void()>& fn) {
  guarded(where, fn);
}

std::shared_ptr<CallRunner> CallRunner::start(std::shared_ptr<CallerTransport> caller,
                                              std::unique_ptr<telephony::CallerCodec> codec,
                                              const RunnerDeps& deps) {
  auto runner = std::make_shared<CallRunner>(std::move(caller), std::move(codec), deps);
  runner->begin();
  return runner;
}

std::shared_ptr<CallRunner> CallRunner::start(std::shared_ptr<net::WsConnection> caller,
                                              std::unique_ptr<telephony::CallerCodec> codec,
                                              const RunnerDeps& deps) {
  return start(std::make_shared<WsCallerTransport>(std::move(caller)), std::move(codec), deps);
}

CallRunner::CallRunner(std::shared_ptr<CallerTransport> caller,
                       std::unique_ptr<telephony::CallerCodec> codec, const RunnerDeps& deps)
    : caller_(std::move(caller)),
      codec_(std::move(codec)),
      deps_(deps),
      session_(with_random_seed(deps.config->session), *this, deps.clock->now()),
      tick_(caller_->executor()),
      record_(deps.clock->now(), epoch_ms()),
      bad_log_limit_(5, std::chrono::seconds(10)),
      stall_guard_(deps.config->caller_stuck_timeout),
      chunked_(chunked_playout(codec_->traits(), call_format_, deps.config->tick)),
      opened_at_(deps.clock->now()) {}

CallRunner::~CallRunner() {
  if (admitted_) deps_.metrics->active_calls.add(-1);
}

// BEHAVIOUR 0: nothing is dialled here; the AI leg waits for an admitted start.
void CallRunner::begin() {
  if (deps_.gate) {
    ticket_ = deps_.gate->open(caller_->remote_address());
    if (!ticket_) {
      refuse("address_limit", 1008, "too many unadmitted media streams from this address");
      return;
    }
  }
  auto self = shared_from_this();
  caller_->start({[self](std::string_view text) { self->on_caller_frame(text, false); },
                  [self](std::string_view data) { self->on_caller_frame(data, true); },
                  [self](std::size_t bytes) { self->on_caller_oversized(bytes); },
                  [self](const net::CloseInfo& info) { self->on_caller_closed(info); }});
  schedule_tick();
}

void CallRunner::schedule_tick() {
  if (finished_) return;
  tick_.expires_after(deps_.config->tick);
  tick_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec || self->finished_) return;
    if (!self->admitted_) {
      self->check_start_deadline();
    } else {
      self->guarded("tick", [&] { self->session_.on_tick(self->now()); });
      if (self->chunked_) {
        self->chunked_->tick(self->now(), self->pieces_);
        self->write_pieces();
      }
      self->end_if_caller_stalled();
    }
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

// Shutdown once the grace period is over (README: SIGTERM drains), unlike the
// API hang-up: the session plays the fallback clip, then ends the call
// (reason shutdown).
void CallRunner::request_shutdown() {
  boost::asio::post(tick_.get_executor(), [self = shared_from_this()] {
    self->guarded("shutdown", [&] {
      obs::call_log(level_enum::info, self->log_, "server shutting down: fallback clip, then end");
      self->session_.on_shutdown(self->now());
    });
  });
}

// ---- caller leg -----------------------------------------------------------

void CallRunner::on_caller_frame(std::string_view frame, bool binary) {
  guarded("caller message", [&] {
    auto parsed = binary ? codec_->parse_binary(frame) : codec_->parse(frame);
    if (!parsed) {
      bad_caller_message(parsed.error().reason);
      return;
    }
    bad_in_a_row_ = 0;
    on_caller_event(now(), *parsed);
    while (!finished_) {
      auto more = codec_->next();
      if (!more) break;
      on_caller_event(now(), *more);
    }
  });
}

void CallRunner::on_caller_event(common::TimePoint t, telephony::CallerEvent& event) {
  namespace tel = telephony;
  std::visit(
      [&](auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, tel::CallerStarted>) {
          if (!admitted_ && !admitting_) begin_admission(e);
        } else if constexpr (std::is_same_v<T, tel::CallerNothing>) {
          // e.g. Twilio's "connected" before start: nothing to do.
        } else if (!admitted_) {
          reject_before_start(tel::event_name(event));
        } else if constexpr (std::is_same_v<T, tel::CallerMedia>) {
          if (recording_) recording_->on_caller_media(e.payload_b64);
          session_.on_caller_media(t, e.payload_b64, e.timestamp_ms);
        } else if constexpr (std::is_same_v<T, tel::CallerPlayed>) {
          session_.on_caller_mark(t, e.mark);
        } else if constexpr (std::is_same_v<T, tel::CallerDtmf>) {
          session_.on_caller_dtmf(t, e.digit);
        } else if constexpr (std::is_same_v<T, tel::CallerStop>) {
          session_.on_caller_stop(t);
        }
      },
      event);
}

void CallRunner::on_caller_start(const telephony::CallerStarted& s) {
  log_ = {s.call_id, s.stream_id};
  record_.set_ids(s.call_id, s.stream_id);
  // The media route names the carrier (one codec serves Twilio and
  // SignalWire); a codec used without a route names its own dialect.
  const std::string carrier = s.carrier.empty() ? std::string(codec_->traits().carrier) : s.carrier;
  record_.set_origin(carrier, s.caller);
  publish_snapshot();
  deps_.registry->add({s.call_id, s.stream_id}, weak_from_this());
  if (deps_.live_calls) {
    // The registry answers on its own thread; a failed put is retried by its
    // refresh, so nothing waits for the answer here.
    deps_.live_calls->put({record_.current().id, deps_.instance_id, carrier, s.caller,
                           record_.current().started_at_ms, "talking"},
                          {});
  }
  if (!deps_.config->recordings_dir.empty()) {
    std::string error;
    auto& writer = deps_.recordings ? *deps_.recordings : RecordingWriter::shared();
    recording_ = CallRecording::open(writer, deps_.config->recordings_dir, record_.current().id,
                                     call_format_, error);
    if (recording_) {
      record_.set_recording(recording_->path());
    } else {
      obs::call_log(level_enum::warn, log_, "recording disabled for this call: {}", error);
    }
  }
  obs::call_log(level_enum::info, log_, "call started ({} custom parameters)",
                s.custom_parameters.size());
  call::CallerStart start{s.stream_id, s.call_id, {}, call_format_.bytes_per_ms()};
  for (const auto& [k, v] : s.custom_parameters) start.custom_parameters[k] = v;
  session_.on_caller_start(now(), std::move(start));
  session_.start(now());  // admitted: now the AI leg may be dialled
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
    if (admitted_ && !session_.ended()) {
      obs::call_log(level_enum::info, log_, "caller leg closed (code {})", info.code);
      session_.on_caller_closed(now());
    }
  });
  finish();  // the socket is gone: whatever the session did, the call is over
}

void CallRunner::send_caller_media(std::string_view payload_b64) {
  if (!chunked_) return write_caller_media(payload_b64);
  // The core hands over the AI leg's checked base64 and the clips' own.
  if (!audio::base64_decode(payload_b64, decoded_)) return;
  chunked_->audio(decoded_, now(), pieces_);
  write_pieces();
}

void CallRunner::write_pieces() {
  for (auto& piece : pieces_) {
    if (piece.mark.empty()) {
      write_caller_media(audio::base64_encode(piece.audio));
    } else {
      caller_->send(codec_->mark(piece.mark));
    }
  }
  pieces_.clear();
}

void CallRunner::write_caller_media(std::string_view payload_b64) {
  if (recording_) recording_->on_agent_media(payload_b64);
  auto frame = codec_->play(payload_b64);
  const bool sent = codec_->traits().binary_frames ? caller_->send_binary(std::move(frame))
                                                   : caller_->send(std::move(frame));
  if (!sent && caller_->is_open()) deps_.metrics->dropped_send_queue.inc();
  stall_guard_.on_send(sent || !caller_->is_open(), now());
}

void CallRunner::end_if_caller_stalled() {
  if (finished_) return;
  stall_guard_.on_tick(caller_->queued() > 0, caller_->frames_written(), now());
  if (!stall_guard_.stalled(now())) return;
  obs::call_log(level_enum::warn, log_, "caller not reading: writes to it stopped completing");
  guarded("caller stalled", [&] { session_.on_caller_stalled(now()); });
  finish();
}

void CallRunner::send_caller_mark(std::string_view name) {
  if (chunked_) {
    chunked_->mark(std::string(name), pieces_);
    return write_pieces();
  }
  caller_->send(codec_->mark(name));
}

void CallRunner::send_caller_clear() {
  if (recording_) recording_->on_clear();
  if (chunked_) chunked_->clear();  // never sent, so never heard
  // Without a clear the queued audio plays out; the session's marks still
  // say what was heard.
  if (codec_->traits().has_clear) caller_->send(codec_->clear());
}

void CallRunner::play_clip(call::Clip clip, std::string_view mark_name) {
  for (const auto& chunk : deps_.clips->get(clip, call_format_).chunks_b64) {
    send_caller_media(chunk);
  }
  send_caller_mark(mark_name);
}

// ---- AI leg ---------------------------------------------------------------

void CallRunner::open_ai_leg() {
  if (ai_ && ai_->is_open()) return;
  const uint64_t generation = ++ai_generation_;
  std::weak_ptr<CallRunner> weak = weak_from_this();
  ai::AiLeg::Handlers h;
  h.on_event = [weak, generation](ai::AiEvent&& e) {
    auto self = weak.lock();
    if (self && self->ai_generation_ == generation) self->on_ai_event(e);
  };
  h.on_failure = [weak, generation](const ai::AiFailure& f) {
    auto self = weak.lock();
    if (self && self->ai_generation_ == generation) self->on_ai_failure(f);
  };
  h.on_bad_message = [weak](std::string_view) {
    if (auto self = weak.lock()) self->deps_.metrics->bad_ai_messages.inc();
  };
  const common::TimePoint dialled = now();
  deps_.dial_ai(tick_.get_executor(), call_format_, std::move(h),
                [weak, generation, dialled](ai::AiLeg::DialResult result) {
                  auto self = weak.lock();
                  if (!self || self->ai_generation_ != generation) {
                    if (result) (*result)->close();
                    return;
                  }
                  if (result) {
                    self->on_ai_connected(std::move(*result), dialled);
                  } else {
                    self->on_ai_failure(result.error());
                  }
                });
}

void CallRunner::on_ai_connected(std::shared_ptr<ai::AiLeg> leg, common::TimePoint dialled) {
  if (finished_) {
    leg->close();
    return;
  }
  ai_ = std::move(leg);
  deps_.metrics->ai_connect.observe(common::ms_between(dialled, now()) / 1000.0);
  guarded("ai connected", [&] { session_.on_ai_connected(now()); });
}

void CallRunner::on_ai_event(const ai::AiEvent& event) {
  guarded("ai event", [&] {
    const DispatchNote note = dispatch_ai_event(session_, now(), event);
    // Counted errors come back as the session's ai_error record events
    // (record()); the harmless ones (PROTOCOLS.md) only reach the debug log.
    if (note.error && note.ignorable_error) {
      obs::call_log(level_enum::debug, log_, "AI error {}: {}", note.error->code,
                    note.error->message);
    }
  });
}

void CallRunner::on_ai_failure(const ai::AiFailure& failure) {
  guarded("ai failure", [&] {
    if (ai_) ai_->close();
    ai_.reset();
    ++ai_generation_;  // late callbacks from the dead leg are ignored
    deps_.metrics->ai_error(failure.kind);
    session_.on_ai_leg_failed(now(), failure.description, failure.fatal);
  });
}

void CallRunner::close_ai_leg() {
  ++ai_generation_;
  if (ai_) ai_->close();
  ai_.reset();
}

void CallRunner::configure_ai() {
  if (ai_) ai_->configure();
}

void CallRunner::send_ai_append(std::string_view payload_b64) {
  if (ai_ && !ai_->append_audio(payload_b64) && ai_->is_open())
    deps_.metrics->dropped_send_queue.inc();
}

void CallRunner::send_ai_item_text(call::Role role, std::string_view text) {
  if (ai_)
    ai_->add_text(role == call::Role::kUser ? ai::Speaker::kUser : ai::Speaker::kAssistant, text);
}

void CallRunner::send_ai_function_output(std::string_view call_id, std::string_view output) {
  if (ai_) ai_->function_output(call_id, output);
}

void CallRunner::send_ai_response_create(std::optional<std::string_view> instructions) {
  if (ai_) ai_->create_response(instructions);
}

void CallRunner::send_ai_cancel(std::string_view response_id) {
  if (ai_) ai_->cancel_response(response_id);
}

void CallRunner::send_ai_truncate(std::string_view item_id, int64_t audio_end_ms) {
  if (ai_) ai_->truncate(item_id, audio_end_ms);
}

// ---- ending -----------------------------------------------------------------

void CallRunner::end_call(call::EndReason) {
  // The reason stays with the session (session_.end_reason()). Not from inside the session's own
  // call stack: finish on the next turn.
  boost::asio::post(tick_.get_executor(), [self = shared_from_this()] { self->finish(); });
}

void CallRunner::finish() {
  if (finished_) return;
  finished_ = true;
  tick_.cancel();
  close_ai_leg();
  if (chunked_) {
    chunked_->flush(pieces_);
    write_pieces();
  }
  if (auto bye = codec_->hang_up()) caller_->send(std::move(*bye));
  caller_->close(1000, "call ended");
  if (!admitted_) return;  // BEHAVIOUR 0: not a call, nothing to record
  // A session that could not end itself (it threw while ending) ends here.
  const auto ended = session_.end_reason();
  const std::string reason =
      ended ? std::string(call::to_string(*ended)) : std::string("internal_error");
  if (recording_) recording_->close();
  deps_.registry->remove({log_.call_sid, log_.stream_sid});
  // A failed remove is left to the entry's TTL.
  if (deps_.live_calls) deps_.live_calls->remove(record_.current().id, {});
  deps_.metrics->call_ended(reason);
  obs::call_log(level_enum::info, log_, "call ended: {}", reason);
  if (deps_.writer) deps_.writer->submit(record_.finish(epoch_ms(), reason));
}

store::CallRecord CallRunner::snapshot() const {
  std::lock_guard lock(snapshot_mu_);
  return snapshot_;
}

void CallRunner::publish_snapshot() {
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = record_.current();
  snapshot_.live_state = call::to_string(phase_);
}

// After every input: the live list shows the session's phase as it is now.
void CallRunner::note_phase() {
  const call::CallPhase phase = call::call_phase(session_);
  if (phase == phase_) return;
  phase_ = phase;
  std::lock_guard lock(snapshot_mu_);
  snapshot_.live_state = call::to_string(phase_);
}

void CallRunner::record(const call::CallEvent& event) {
  record_.add(event);
  publish_snapshot();
  if (event.kind == call::CallEvent::Kind::kToolResult) count_tool_result(event);
  log_and_count_ai_trouble(event);
  if (event.kind == call::CallEvent::Kind::kTranscriptTurn) {
    // What callers say is personal data: debug level only.
    obs::call_log(level_enum::debug, log_, "{}: {}{}",
                  event.role == call::Role::kUser ? "caller" : "agent", event.text,
                  event.interrupted ? " (interrupted)" : "");
  }
}

// One log line and count per AI error and per AI-leg failure, whatever found
// it (an error event, a failed response, the watchdog, the socket): the
// session reports each once (BEHAVIOUR 5.1).
void CallRunner::log_and_count_ai_trouble(const call::CallEvent& event) {
  using Kind = call::CallEvent::Kind;
  if (event.kind == Kind::kAiError) {
    deps_.metrics->ai_error(event.id.empty() ? "unknown" : event.id);
    obs::call_log(level_enum::warn, log_, "AI error {}: {}", event.id, event.text);
  } else if (event.kind == Kind::kAiLegFatal) {
    obs::call_log(level_enum::warn, log_, "ai_leg_fatal: {}", event.text);
  }
}

void CallRunner::metric(call::Metric kind, double value) {
  export_call_metric(*deps_.metrics, kind, value);
}

}  // namespace voxgate::bridge
