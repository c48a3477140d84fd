#pragma once
// CallDriver: one simulated call in its carrier's dialect (dialect.hpp).
// Connects to the media WebSocket, opens the stream (connected/start), paces
// caller audio at real time (Pacer), models the carrier's playout of what the
// server sends (Playout) and echoes marks, then hangs up (stop, where the
// carrier has one) and closes. Reports a CallReport once, when the call has
// ended.
//
// The WebSocket is net/'s (WsClient, WsConnection), as the server's is.
//
// Owned by itself (shared_ptr held by its pending operations and its
// connection's handlers); created by Simulation. All its handlers run on the
// strand it is given; start() may be called from any thread. Never throws out
// of a handler.

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "callsim/audio_source.hpp"
#include "callsim/dialect.hpp"
#include "callsim/latency_probe.hpp"
#include "callsim/options.hpp"
#include "callsim/pacer.hpp"
#include "callsim/playout.hpp"
#include "callsim/report.hpp"
#include "callsim/wire.hpp"
#include "net/ws_client.hpp"

namespace voxgate::callsim {

// Shared running counters of a simulation, for the progress line.
struct LiveCounters {
  std::atomic<uint64_t> media_sent{0}, media_received{0}, protocol_errors{0};
  std::atomic<int> active{0};
};

class CallDriver : public std::enable_shared_from_this<CallDriver> {
 public:
  using Done = std::function<void(CallReport)>;

  // Calls opts->url, a ws:// URL (Simulation checks it).
  CallDriver(boost::asio::any_io_executor strand, std::shared_ptr<const SimOptions> opts, int index,
             StreamIds ids, std::shared_ptr<const std::vector<uint8_t>> wav_ulaw,
             std::shared_ptr<LiveCounters> live, Done done);

  void start();

 private:
  enum class Phase { kConnecting, kStreaming, kStopping, kDone };

  void on_connected(net::ConnectResult result);
  void open_recording();
  void on_tick(boost::system::error_code ec);
  void send_due_frames(common::TimePoint now);
  void on_server_message(std::string_view data, bool binary);
  void on_server_audio(std::span<const uint8_t> ulaw, common::TimePoint now, PlayoutOutput& out);
  void handle_playout(PlayoutOutput& out);
  void protocol_error(std::string what);
  void send(Frames frames);
  void begin_stop();
  void on_closed(const net::CloseInfo& info);
  void fail(std::string what);
  void finish();

  // Passed in.
  boost::asio::any_io_executor strand_;
  std::shared_ptr<const SimOptions> opts_;
  std::shared_ptr<LiveCounters> live_;
  Done done_;
  // Owned.
  std::shared_ptr<net::WsConnection> conn_;  // set once connected
  boost::asio::steady_timer tick_;           // media pacing and playout, every 20 ms
  AudioSource source_;
  Playout playout_;
  std::optional<audio::WavWriter> recorder_;
  std::unique_ptr<Dialect> dialect_;
  LatencyProbe probe_;  // used only with opts_->latency_probe
  // State.
  Phase phase_ = Phase::kConnecting;
  size_t next_dtmf_ = 0;
  common::TimePoint connect_started_{}, stream_start_{};
  std::optional<Pacer> pacer_;
  CallReport report_;
};

}  // namespace voxgate::callsim
