#pragma once
// WsConnection: one open WebSocket (either side, plain TCP or TLS) with a
// read loop, a bounded write queue and a graceful close.
//
// Owner: shared_ptr held by whoever uses the connection (a CallRunner, the
// echo agent, a test); pending reads/writes also hold a reference, so the
// object lives until its last operation completes.
// Thread affinity: every handler runs on the connection's strand
// (get_executor(): a strand, or the executor of a context one thread runs,
// net/io_pool.hpp). send(), close(), is_open(), queued() and stats() must be
// called on that strand; from elsewhere use post(). No locks inside.
//
// Follows the Boost.Beast examples: do_x/on_x pairs, a write queue that
// starts a write only when it goes from empty to one, Beast's websocket
// timeout for the closing handshake. The idle timeout (keep-alive pings) is
// our own coarse timer instead of Beast's: Beast re-arms its idle timer on
// every read, one timer cancel, completion and strand turn per message
// received, ~4-6% of voxgate's CPU at 300 calls (bench/README.md, issue 7).
// Ours fires every idle_timeout / 2 and looks at a counter, as Beast does.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace voxgate::net {

using PlainWs = boost::beast::websocket::stream<boost::beast::tcp_stream>;
using TlsWs = boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

struct WsOptions {
  std::size_t read_message_max = 64 * 1024;
  std::size_t max_queue = 256;  // messages waiting to be written
  // No frame from the peer for this long => Beast sends a ping; no answer for
  // as long again => the connection ends with CloseInfo::Kind::kTimeout.
  std::chrono::milliseconds idle_timeout{30000};
  // Limit for the closing handshake (and for draining queued writes first).
  std::chrono::milliseconds close_timeout{5000};
};

struct CloseInfo {
  enum class Kind {
    kNormal,   // the peer sent a close frame
    kLocal,    // close() was called here
    kError,    // socket/protocol error (e.g. message too big: code 1009)
    kTimeout,  // idle timeout or close handshake timeout
  };
  Kind kind = Kind::kNormal;
  uint16_t code = 0;  // close code: the peer's, ours, or 1006 (abnormal)
  std::string reason;
  boost::system::error_code ec;
};

struct WsStats {
  uint64_t messages_in = 0;
  uint64_t messages_out = 0;
  uint64_t send_dropped = 0;    // send() refused: closed or queue full
  uint64_t binary_ignored = 0;  // binary frames received and discarded
};

class WsConnection : public std::enable_shared_from_this<WsConnection> {
 public:
  struct Handlers {
    std::function<void(std::string_view text)> on_text;
    std::function<void(const CloseInfo&)> on_close;  // called exactly once
  };

  // Wrap an already handshaken stream. The stream's executor must be a
  // strand; it becomes the connection's strand. `keep_alive` holds anything
  // the stream needs to outlive it (the TLS context).
  static std::shared_ptr<WsConnection> make(PlainWs ws, WsOptions opts,
                                            std::shared_ptr<void> keep_alive = {});
  static std::shared_ptr<WsConnection> make(TlsWs ws, WsOptions opts,
                                            std::shared_ptr<void> keep_alive = {});

  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;
  ~WsConnection();

  // Begin the read loop. Call once, on the strand.
  void start(Handlers handlers);

  // Queue a text message. Returns false (and counts a drop) when the
  // connection is closing/closed or max_queue messages are already waiting.
  bool send(std::string text);

  // Graceful close once queued writes drain, bounded by close_timeout.
  // No-op when already closing or closed.
  void close(uint16_t code = 1000, std::string reason = {});

  bool is_open() const { return state_ == State::kOpen; }
  std::size_t queued() const { return queue_.size(); }
  const WsStats& stats() const { return stats_; }
  boost::asio::any_io_executor get_executor() const { return strand_; }

  // Run fn on the strand, keeping the connection alive until it has run.
  void post(std::function<void()> fn);

  struct Private;  // construction key (see make())
  WsConnection(Private, std::variant<PlainWs, TlsWs> ws, WsOptions opts,
               std::shared_ptr<void> keep_alive);

 private:
  enum class State { kOpen, kClosing, kClosed };

  template <typename Fn>
  decltype(auto) visit_ws(Fn&& fn) {
    return std::visit(std::forward<Fn>(fn), ws_);
  }
  void configure();
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void do_write();
  void on_write(boost::system::error_code ec, std::size_t bytes);
  void do_close();
  void on_close_done(boost::system::error_code ec);
  void on_close_timer(boost::system::error_code ec);
  void arm_idle_timer();
  void on_idle_timer(boost::system::error_code ec);
  void fail(boost::system::error_code ec);
  void finish(CloseInfo info);

  // passed in
  std::variant<PlainWs, TlsWs> ws_;
  WsOptions opts_;
  std::shared_ptr<void> keep_alive_;
  boost::asio::any_io_executor strand_;
  // owned
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  boost::asio::steady_timer close_timer_;
  boost::asio::steady_timer idle_timer_;
  Handlers handlers_;
  // state
  State state_ = State::kOpen;
  bool started_ = false;
  bool finished_ = false;
  uint64_t frames_in_ = 0;        // every frame read, control frames too
  uint64_t frames_at_check_ = 0;  // frames_in_ at the last idle check
  bool ping_in_flight_ = false;
  bool ping_unanswered_ = false;  // pinged at the last check, nothing since
  uint16_t close_code_ = 1000;
  std::string close_reason_;
  WsStats stats_;
};

}  // namespace voxgate::net
