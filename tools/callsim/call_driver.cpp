#include "callsim/call_driver.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>

#include "callsim/latency_stamp.hpp"

namespace voxgate::callsim {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

namespace {
common::TimePoint now() {
  return std::chrono::steady_clock::now();
}
constexpr size_t kMaxErrorSamples = 5;
}  // namespace

CallDriver::CallDriver(asio::any_io_executor strand, std::shared_ptr<const SimOptions> opts,
                       Target target, int index, StreamIds ids,
                       std::shared_ptr<const std::vector<uint8_t>> wav_ulaw,
                       std::shared_ptr<LiveCounters> live, Done done)
    : opts_(std::move(opts)),
      target_(std::move(target)),
      live_(std::move(live)),
      done_(std::move(done)),
      resolver_(strand),
      ws_(strand),
      tick_(strand),
      guard_(strand),
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
  asio::dispatch(ws_.get_executor(), [self = shared_from_this()] {
    self->live_->active++;
    self->connect_started_ = now();
    self->resolver_.async_resolve(self->target_.host, self->target_.port,
                                  [self](error_code ec, asio::ip::tcp::resolver::results_type r) {
                                    self->on_resolve(ec, std::move(r));
                                  });
  });
}

void CallDriver::on_resolve(error_code ec, asio::ip::tcp::resolver::results_type r) {
  if (ec) return fail("resolve", ec);
  beast::get_lowest_layer(ws_).expires_after(opts_->connect_timeout);
  beast::get_lowest_layer(ws_).async_connect(
      r, [self = shared_from_this()](error_code ec, const asio::ip::tcp::endpoint&) {
        self->on_connect(ec);
      });
}

void CallDriver::on_connect(error_code ec) {
  if (ec) return fail("connect", ec);
  // The websocket keeps its own timeouts from here (Beast client example).
  beast::get_lowest_layer(ws_).expires_never();
  // 20 ms frames of ~300 bytes: Nagle plus delayed ACKs would add 40 ms stalls.
  error_code ignored;
  beast::get_lowest_layer(ws_).socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  websocket::stream_base::timeout t =
      websocket::stream_base::timeout::suggested(beast::role_type::client);
  t.handshake_timeout = opts_->connect_timeout;
  ws_.set_option(t);
  ws_.text(true);
  ws_.async_handshake(target_.host + ":" + target_.port, target_.path,
                      [self = shared_from_this()](error_code ec) { self->on_handshake(ec); });
}

void CallDriver::on_handshake(error_code ec) {
  if (ec) return fail("handshake", ec);
  const auto t = now();
  report_.connected = true;
  report_.connect_ms = common::ms_between(connect_started_, t);
  phase_ = Phase::kStreaming;
  if (!opts_->record_dir.empty()) {
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
  Frames opening;
  dialect_->open(opening);
  send(std::move(opening));
  stream_start_ = t;
  pacer_.emplace(t, uint64_t(std::llround((opts_->seconds + opts_->linger_s) * 50)));
  do_read();
  tick_.expires_at(pacer_->next_deadline());
  tick_.async_wait([self = shared_from_this()](error_code ec) { self->on_tick(ec); });
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

void CallDriver::do_read() {
  ws_.async_read(read_buf_,
                 [self = shared_from_this()](error_code ec, size_t n) { self->on_read(ec, n); });
}

void CallDriver::on_read(error_code ec, size_t) {
  if (ec) {
    // The server hanging up first is a normal end of call.
    if (phase_ == Phase::kStreaming && ec == websocket::error::closed) {
      report_.ended_by = "server";
    } else if (phase_ == Phase::kStreaming) {
      report_.ended_by = "error";
      if (report_.error.empty()) report_.error = "read: " + ec.message();
    }
    return finish();
  }
  report_.messages_received++;
  const std::string data = beast::buffers_to_string(read_buf_.data());
  on_server_message(data, ws_.got_binary(), now());
  read_buf_.consume(read_buf_.size());
  do_read();
}

void CallDriver::on_server_message(std::string_view data, bool binary, common::TimePoint t) {
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
    if (writes_.size() >= kMaxQueuedWrites) {
      return fail("write queue full (server not reading)", {});
    }
    if (f.is_media) {
      report_.media_sent++;
      live_->media_sent.fetch_add(1, std::memory_order_relaxed);
    }
    writes_.push_back(std::move(f));
    report_.messages_sent++;
  }
  if (!writing_ && !writes_.empty()) do_write();
}

void CallDriver::do_write() {
  if (writes_.empty()) {
    writing_ = false;
    if (close_after_writes_) {
      close_after_writes_ = false;
      ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](error_code) {});
    }
    return;
  }
  writing_ = true;
  ws_.binary(writes_.front().binary);  // Vonage audio is binary, everything else text
  ws_.async_write(asio::buffer(writes_.front().data),
                  [self = shared_from_this()](error_code ec, size_t n) { self->on_write(ec, n); });
}

void CallDriver::on_write(error_code ec, size_t) {
  if (ec) {
    writing_ = false;
    writes_.clear();
    if (phase_ == Phase::kStreaming) fail("write", ec);
    return;
  }
  writes_.pop_front();
  do_write();
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
  close_after_writes_ = true;
  if (!writing_) do_write();
  // If the server never completes the close handshake, drop the socket; the
  // pending read then ends and finish() runs.
  guard_.expires_after(opts_->close_grace);
  guard_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec && self->phase_ == Phase::kStopping) beast::get_lowest_layer(self->ws_).close();
  });
}

void CallDriver::fail(std::string what, error_code ec) {
  if (report_.error.empty()) report_.error = ec ? what + ": " + ec.message() : what;
  report_.ended_by = "error";
  if (phase_ == Phase::kConnecting) return finish();
  // A read is pending: closing the socket ends it, and on_read calls finish().
  phase_ = Phase::kStopping;
  tick_.cancel();
  beast::get_lowest_layer(ws_).close();
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
  guard_.cancel();
  error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
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
