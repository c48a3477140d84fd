#pragma once
// CallDriver: one simulated call in its carrier's dialect (dialect.hpp).
// Connects to the media WebSocket, opens the stream (connected/start), paces
// caller audio at real time (Pacer), models the carrier's playout of what the
// server sends (Playout) and echoes marks, then hangs up (stop, where the
// carrier has one) and closes. Reports a CallReport once, when the call has
// ended.
//
// Owned by itself (shared_ptr held by its pending operations); created by
// Simulation. All its handlers run on the strand it is given; start() may be
// called from any thread. Never throws out of a handler.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "callsim/audio_source.hpp"
#include "callsim/dialect.hpp"
#include "callsim/latency_probe.hpp"
#include "callsim/options.hpp"
#include "callsim/pacer.hpp"
#include "callsim/playout.hpp"
#include "callsim/report.hpp"
#include "callsim/wire.hpp"

namespace voxgate::callsim {

// Where calls go: the parsed --url.
struct Target {
  std::string host, port, path;
};

// Shared running counters of a simulation, for the progress line.
struct LiveCounters {
  std::atomic<uint64_t> media_sent{0}, media_received{0}, protocol_errors{0};
  std::atomic<int> active{0};
};

class CallDriver : public std::enable_shared_from_this<CallDriver> {
 public:
  using Done = std::function<void(CallReport)>;

  CallDriver(boost::asio::any_io_executor strand, std::shared_ptr<const SimOptions> opts,
             Target target, int index, StreamIds ids,
             std::shared_ptr<const std::vector<uint8_t>> wav_ulaw,
             std::shared_ptr<LiveCounters> live, Done done);

  void start();

 private:
  enum class Phase { kConnecting, kStreaming, kStopping, kDone };
  static constexpr size_t kMaxQueuedWrites = 512;

  void on_resolve(boost::system::error_code ec, boost::asio::ip::tcp::resolver::results_type r);
  void on_connect(boost::system::error_code ec);
  void on_handshake(boost::system::error_code ec);
  void on_tick(boost::system::error_code ec);
  void send_due_frames(common::TimePoint now);
  void do_read();
  void on_read(boost::system::error_code ec, size_t n);
  void on_server_message(std::string_view data, bool binary, common::TimePoint now);
  void on_server_audio(std::span<const uint8_t> ulaw, common::TimePoint now, PlayoutOutput& out);
  void handle_playout(PlayoutOutput& out);
  void protocol_error(std::string what);
  void send(Frames frames);
  void do_write();
  void on_write(boost::system::error_code ec, size_t n);
  void begin_stop();
  void fail(std::string what, boost::system::error_code ec);
  void finish();

  // Passed in.
  std::shared_ptr<const SimOptions> opts_;
  const Target target_;
  std::shared_ptr<LiveCounters> live_;
  Done done_;
  // Owned.
  boost::asio::ip::tcp::resolver resolver_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::asio::steady_timer tick_;   // media pacing and playout, every 20 ms
  boost::asio::steady_timer guard_;  // close-handshake grace
  boost::beast::flat_buffer read_buf_;
  std::deque<WireFrame> writes_;
  AudioSource source_;
  Playout playout_;
  std::optional<audio::WavWriter> recorder_;
  std::unique_ptr<Dialect> dialect_;
  LatencyProbe probe_;  // used only with opts_->latency_probe
  // State.
  Phase phase_ = Phase::kConnecting;
  bool writing_ = false;
  bool close_after_writes_ = false;
  size_t next_dtmf_ = 0;
  common::TimePoint connect_started_{}, stream_start_{};
  std::optional<Pacer> pacer_;
  CallReport report_;
};

}  // namespace voxgate::callsim
