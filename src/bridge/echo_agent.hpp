#pragma once
// EchoAgent: a media session that plays the caller's audio back after a
// delay, with a mark after each chunk. Used until the call core lands and
// kept as the documented `--agent echo` test mode (network round-trip and
// Twilio wiring checks without an AI).
//
// Owner: itself; the connection's handlers hold it until the connection
// closes. Thread affinity: the connection's strand (timers too); no locks.
// Bad messages are counted and ignored, never ending the call.

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/ws_connection.hpp"
#include "telephony/caller_leg.hpp"

namespace voxgate::bridge {

struct EchoStats {
  uint64_t media_in = 0;
  uint64_t media_out = 0;
  uint64_t marks_sent = 0;
  uint64_t marks_echoed = 0;  // our echo-N marks that came back
  uint64_t bad_messages = 0;  // unparsable or unknown messages
  uint64_t dropped = 0;       // chunks dropped: pending limit or send refused
  std::string stream_sid;
  std::string call_sid;
};

struct EchoOptions {
  std::chrono::milliseconds delay{500};
  std::size_t max_pending = 500;  // chunks waiting for their delay (10 s of 20 ms audio)
  // Called once when the session ends (stop or close), on the strand.
  std::function<void(const EchoStats&)> on_end;
};

class EchoAgent : public std::enable_shared_from_this<EchoAgent> {
 public:
  // Attach to a new connection and start its read loop. Call on its strand.
  static std::shared_ptr<EchoAgent> start(std::shared_ptr<net::WsConnection> conn,
                                          std::unique_ptr<telephony::CallerCodec> codec,
                                          EchoOptions opts);
  // A media handler (server::MediaHandler) that runs an EchoAgent per call.
  using Handler = std::function<void(std::shared_ptr<net::WsConnection>,
                                     std::unique_ptr<telephony::CallerCodec>)>;
  static Handler handler(EchoOptions opts);

  EchoAgent(std::shared_ptr<net::WsConnection> conn, std::unique_ptr<telephony::CallerCodec> codec,
            EchoOptions opts);
  const EchoStats& stats() const { return stats_; }

 private:
  struct Chunk {
    std::chrono::steady_clock::time_point due;
    std::string payload;
  };

  void on_frame(std::string_view frame, bool binary);
  void on_event(telephony::CallerEvent& event);
  void on_media(std::string payload);
  void arm_timer();
  void on_timer(boost::system::error_code ec);
  void end();

  // passed in
  std::shared_ptr<net::WsConnection> conn_;
  std::unique_ptr<telephony::CallerCodec> codec_;
  EchoOptions opts_;
  // owned
  boost::asio::steady_timer timer_;
  std::deque<Chunk> pending_;
  // state
  bool ended_ = false;
  EchoStats stats_;
};

}  // namespace voxgate::bridge
