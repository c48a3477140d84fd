#include "callsim/call_driver.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>

#include "callsim/latency_stamp.hpp"

namespace voxgate::callsim {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {
common::TimePoint now() {
  return std::chrono::steady_clock::now();
}
constexpr size_t kMaxErrorSamples = 5;
// ~10 s of 20 ms frames: a server this far behind is not reading.
constexpr size_t kMaxQueuedWrites = 512;
// The server's audio comes in chunks of any size: Beast's default bound.
constexpr size_t kMaxServerMessage = 16 * 1024 * 1024;

net::ClientOptions client_options(const SimOptions& o) {
  net::ClientOptions c;
  c.url = o.url;
  c.connect_timeout = o.connect_timeout;    // resolve, then the TCP connect
  c.handshake_timeout = o.connect_timeout;  // the upgrade
  c.ws.read_message_max = kMaxServerMessage;
  c.ws.max_queue = kMaxQueuedWrites;
  // No keep-alive pings: a carrier's side sends media every 20 ms, and a
  // server gone quiet shows in the report (no audio), not as a dropped call.
  c.ws.idle_timeout = std::chrono::milliseconds(0);
  // Bounds draining the queue and the closing handshake after the hang-up;
  // past it the socket is dropped (WsConnection's close timer).
  c.ws.close_timeout = o.close_grace;
  return c;
}

// The report's error names the stage that failed: resolve, connect or handshake.
std::string connect_error_text(const net::ConnectError& e) {
  using Kind = net::ConnectError::Kind;
  switch (e.kind) {
    case Kind::kResolve:
      return "resolve: " + e.message;
    case Kind::kHandshakeStatus:
    case Kind::kProtocol:
    case Kind::kClosed:
      return "handshake: " + e.message;
    default:
      return "connect: " + e.message;
  }
}
}  // namespace

CallDriver::CallDriver(asio::any_io_executor strand, std::shared_ptr<const SimOptions> opts,
                       int index, StreamIds ids,
                       std::shared_ptr<const std::vector<uint8_t>> wav_ulaw,
                       std::shared_ptr<LiveCounters> live, Done done)
    : strand_(strand),
      opts_(std::move(opts)),
      live_(std::move(live)),
      done_(std::move(done)),
      tick_(strand),
      source_(*opts_, std::move(wav_ulaw)),
      playout_(opts_->keep_heard || !opts_->record_dir.empty()) {
  report_.index = index;
  report_.carrier = std::string(carrier_name(opts_->carrier));
  report_.call_sid = ids.call_sid;
  report_.stream_sid = ids.stream_sid;
  DialectConfig config;
  config.carrier = opts_->carrier;
  config.ids = std::move(ids);
  config.custom_parameters = opts_->custom_parameters;
  config.sample_rate = opts_->sample_rate;
  config.reorder_window = opts_->reorder_window;
  config.seed = uint32_t(index);
  config.epoch_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  dialect_ = make_dialect(config);
}

void CallDriver::start() {
  asio::dispatch(strand_, [self = shared_from_this()] {
    self->live_->active++;
    self->connect_started_ = now();
    net::WsClient::connect(self->strand_, client_options(*self->opts_),
                           [self](net::ConnectResult r) { self->on_connected(std::move(r)); });
  });
}

void CallDriver::on_connected(net::ConnectResult result) {
  if (!result) return fail(connect_error_text(result.error()));
  const auto t = now();
  report_.connected = true;
  report_.connect_ms = common::ms_between(connect_started_, t);
  phase_ = Phase::kStreaming;
  // Started before the first send: WsConnection reports a failed write
  // through on_close, which it calls only once started.
  conn_ = std::move(result).value();
  conn_->on_binary([self = shared_from_this()](std::string_view data) {
    self->on_server_message(data, true);  // Vonage's audio
  });
  conn_->start(
      {[self = shared_from_this()](std::string_view text) { self->on_server_message(text, false); },
       [self = shared_from_this()](const net::CloseInfo& info) { self->on_closed(info); }});
  open_recording();
  Frames opening;
  dialect_->open(opening);
  send(std::move(opening));
  stream_start_ = t;
  pacer_.emplace(t, uint64_t(std::llround((opts_->seconds + opts_->linger_s) * 50)));
  tick_.expires_at(pacer_->next_deadline());
  tick_.async_wait([self = shared_from_this()](error_code ec) { self->on_tick(ec); });
}

void CallDriver::open_recording() {
  if (opts_->record_dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(opts_->record_dir, ec);  // open() below reports failure
  report_.record_path = (std::filesystem::path(opts_->record_dir) /
                         (std::to_string(report_.index) + "_" + report_.call_sid + ".wav"))
                            .string();
  auto writer = audio::WavWriter::open(report_.record_path, 1, 8000);
  if (writer) {
    recorder_.emplace(std::move(writer).value());
  } else {
    report_.record_path.clear();
  }
}

void CallDriver::on_tick(error_code ec) {
  if (ec || phase_ != Phase::kStreaming) return;
  const auto t = now();
  PlayoutOutput out;
  playout_.advance(t, out);
  handle_playout(out);
  send_due_frames(t);
  if (phase_ != Phase::kStreaming) return;
  if (pacer_->done()) return begin_stop();
  tick_.expires_at(pacer_->next_deadline());
  tick_.async_wait([self = shared_from_this()](error_code ec) { self->on_tick(ec); });
}

void CallDriver::send_due_frames(common::TimePoint t) {
  AudioSource::Frame frame;
  while (!pacer_->done() && pacer_->next_deadline() <= t && phase_ == Phase::kStreaming) {
    const uint64_t ts = pacer_->next_timestamp_ms();
    while (next_dtmf_ < opts_->dtmf.size() &&
           opts_->dtmf[next_dtmf_].at_ms < ts + uint64_t(Pacer::kFrame.count())) {
      Frames out;
      dialect_->dtmf(opts_->dtmf[next_dtmf_++].digit, ts, out);
      send(std::move(out));
      report_.dtmf_sent++;
    }
    // While lingering the caller sends nothing and only listens, so what was
    // queued plays out and every mark can echo before the stop.
    if (static_cast<double>(ts) >= opts_->seconds * 1000) {
      pacer_->sent(t);
      continue;
    }
    source_.next(frame);
    if (opts_->latency_probe) probe_.stamp_caller_frame(frame, monotonic_ns());
    Frames out;
    dialect_->media(frame, ts, out);
    send(std::move(out));
    const double lag = std::chrono::duration<double, std::milli>(pacer_->sent(t)).count();
    report_.max_send_lag_ms = std::max(report_.max_send_lag_ms, lag);
  }
}

void CallDriver::on_server_message(std::string_view data, bool binary) {
  const auto t = now();
  report_.messages_received++;
  auto parsed = dialect_->parse(data, binary);
  if (!parsed) return protocol_error(parsed.error());
  PlayoutOutput out;
  if (auto* play = std::get_if<ServerPlay>(&*parsed)) {
    on_server_audio(play->ulaw, t, out);
  } else if (auto* mark = std::get_if<ServerMark>(&*parsed)) {
    report_.marks_received++;
    playout_.on_mark(std::move(mark->name), t, out);
  } else {
    report_.clears++;
    if (opts_->latency_probe) probe_.on_clear(monotonic_ns());
    playout_.on_clear(t, out);
  }
  handle_playout(out);  // marks a clear flushed are echoed first, then the clear answered
  if (std::holds_alternative<ServerClear>(*parsed) && phase_ == Phase::kStreaming) {
    Frames ack;
    dialect_->cleared(ack);
    send(std::move(ack));
  }
}

void CallDriver::on_server_audio(std::span<const uint8_t> ulaw, common::TimePoint t,
                                 PlayoutOutput& out) {
  report_.media_received++;
  live_->media_received.fetch_add(1, std::memory_order_relaxed);
  report_.bytes_received += ulaw.size();
  if (!report_.first_audio_ms) report_.first_audio_ms = common::ms_between(stream_start_, t);
  if (opts_->latency_hook) {
    if (auto l = opts_->latency_hook(ulaw, common::ms_between(stream_start_, t)))
      report_.latency_ms.push_back(*l);
  }
  if (opts_->latency_probe) probe_.on_media(ulaw, monotonic_ns());
  playout_.on_media(ulaw, t, out);
}

void CallDriver::handle_playout(PlayoutOutput& out) {
  // Marks are echoed only while the stream is up (a stopped call echoes nothing).
  if (phase_ == Phase::kStreaming) {
    Frames echoes;
    for (const std::string& name : out.marks) {
      dialect_->played(name, echoes);
      report_.marks_echoed++;
    }
    send(std::move(echoes));
  }
  if (out.played.empty()) return;
  if (recorder_) {
    std::vector<int16_t> pcm(out.played.size());
    audio::ulaw_decode(out.played, pcm);
    recorder_->write(pcm);
  }
  if (opts_->keep_heard)
    report_.heard.insert(report_.heard.end(), out.played.begin(), out.played.end());
}

void CallDriver::protocol_error(std::string what) {
  report_.protocol_errors++;
  live_->protocol_errors.fetch_add(1, std::memory_order_relaxed);
  if (report_.protocol_error_samples.size() < kMaxErrorSamples) {
    report_.protocol_error_samples.push_back(std::move(what));
  }
}

void CallDriver::send(Frames frames) {
  for (WireFrame& f : frames) {
    // Vonage's audio is binary, everything else text.
    const bool queued =
        f.binary ? conn_->send_binary(std::move(f.data)) : conn_->send(std::move(f.data));
    // Sends happen only while the connection is open: refused means a full queue.
    if (!queued) return fail("write queue full (server not reading)");
    if (f.is_media) {
      report_.media_sent++;
      live_->media_sent.fetch_add(1, std::memory_order_relaxed);
    }
    report_.messages_sent++;
  }
}

void CallDriver::begin_stop() {
  if (phase_ != Phase::kStreaming) return;
  // Playback stops with the call: what was due until now was heard.
  PlayoutOutput out;
  playout_.advance(now(), out);
  handle_playout(out);
  Frames hang_up;
  dialect_->stop(hang_up);
  send(std::move(hang_up));
  phase_ = Phase::kStopping;
  report_.ended_by = "caller";
  tick_.cancel();
  // A normal close once the stop is written; past close_grace the socket is
  // dropped, and on_closed() ends the call either way.
  conn_->close();
}

void CallDriver::on_closed(const net::CloseInfo& info) {
  // The server hanging up first (its close frame) is a normal end of call.
  if (phase_ == Phase::kStreaming && info.kind == net::CloseInfo::Kind::kNormal) {
    report_.ended_by = "server";
  } else if (phase_ == Phase::kStreaming) {
    report_.ended_by = "error";
    if (report_.error.empty()) report_.error = "connection: " + info.ec.message();
  }
  finish();
}

void CallDriver::fail(std::string what) {
  if (report_.error.empty()) report_.error = std::move(what);
  report_.ended_by = "error";
  if (phase_ == Phase::kConnecting) return finish();
  phase_ = Phase::kStopping;
  tick_.cancel();
  // Dropped on a later turn, not inside the handler that failed: what that
  // handler still counts belongs in the report, which on_closed() hands over.
  asio::post(strand_, [self = shared_from_this()] { self->conn_->abort(); });
}

void CallDriver::finish() {
  if (phase_ == Phase::kDone) return;
  if (phase_ == Phase::kStreaming) {
    phase_ = Phase::kStopping;  // no mark echoes on a closed stream
    PlayoutOutput out;
    playout_.advance(now(), out);  // audio due by the server's hang-up was heard
    handle_playout(out);
  }
  phase_ = Phase::kDone;
  tick_.cancel();
  report_.bytes_played = playout_.bytes_played();
  report_.bytes_discarded = playout_.bytes_discarded();
  report_.bytes_unplayed = playout_.bytes_queued();
  report_.longest_silence_ms = double(playout_.longest_silence_ms());
  if (opts_->latency_probe) {
    report_.latency_ms = probe_.ai_to_caller_ms();
    report_.barge_in_ms = probe_.barge_in_ms();
    report_.heard_cancelled = probe_.heard_cancelled();
  }
  if (recorder_) recorder_->close();
  report_.ok = report_.connected && report_.error.empty() && report_.protocol_errors == 0;
  live_->active--;
  if (done_) std::exchange(done_, nullptr)(std::move(report_));
}

}  // namespace voxgate::callsim
