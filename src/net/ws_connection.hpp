#pragma once
// WsConnection: one open WebSocket (either side, plain TCP or TLS) with a
// read loop, a bounded write queue and a graceful close.
//
// Owner: shared_ptr held by whoever uses the connection (a CallRunner, the
// echo agent, a test); pending reads/writes also hold a reference, so the
// object lives until its last operation completes. Handlers that hold the
// connection's owner are dropped when the connection finishes, or, if the
// context is shut down first, by net/open_connections.hpp.
// Thread affinity: every handler runs on the connection's strand
// (get_executor(): a strand, or the executor of a context one thread runs,
// net/io_pool.hpp). send(), send_binary(), close(), abort(), stop_reading(),
// is_open(), queued() and stats() must be called on that strand; from
// elsewhere use post(). No locks inside.
//
// Follows the Boost.Beast examples: do_x/on_x pairs, a write queue that
// starts a write only when it goes from empty to one, Beast's websocket
// timeout for the closing handshake. The idle timeout (keep-alive pings) is
// our own coarse timer instead of Beast's: Beast re-arms its idle timer on
// every read, one timer cancel, completion and strand turn per message
// received, ~4-6% of voxgate's CPU at 300 calls (bench/README.md).
// Ours fires every idle_timeout / 2 and looks at a counter, as Beast does.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/address.hpp>
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

#include "net/open_connections.hpp"

namespace voxgate::net {

using PlainWs = boost::beast::websocket::stream<boost::beast::tcp_stream>;
using TlsWs = boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

struct WsOptions {
  std::size_t read_message_max = 64 * 1024;
  // false: a longer message ends the connection (1009, RFC 6455 7.4.1).
  // true: it is read in pieces and thrown away, and on_oversized reports it,
  // so one bad message does not end a call (BEHAVIOUR 5, bad input).
  bool discard_oversized = false;
  std::size_t max_queue = 256;  // messages waiting to be written
  // No frame from the peer for half of this => a ping; no frame (not even the
  // pong) for pong_timeout after it => the connection ends with
  // CloseInfo::Kind::kTimeout. The idle check runs every idle_timeout / 2.
  std::chrono::milliseconds idle_timeout{30000};
  // 0 = idle_timeout / 2 (Beast's rule). The AI leg sets its own, shorter
  // one (BEHAVIOUR 5: a stalled AI must not leave the caller in silence).
  std::chrono::milliseconds pong_timeout{0};
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
  uint64_t binary_ignored = 0;  // binary messages received and discarded (no on_binary)
  uint64_t oversized = 0;       // messages over read_message_max thrown away
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
  // With discard_oversized: called with the size of each message over
  // read_message_max that was thrown away. Set before start().
  void on_oversized(std::function<void(std::size_t bytes_read)> handler) {
    on_oversized_ = std::move(handler);
  }
  // Called with each binary message (Vonage's audio is binary PCM). Unset,
  // binary messages are thrown away and counted in stats().binary_ignored.
  // Set before start().
  void on_binary(std::function<void(std::string_view data)> handler) {
    on_binary_ = std::move(handler);
  }

  // Queue a text message. Returns false (and counts a drop) when the
  // connection is closing/closed or max_queue messages are already waiting.
  bool send(std::string text);
  // The same for a binary message.
  bool send_binary(std::string data);

  // Graceful close once queued writes drain, bounded by close_timeout.
  // No-op when already closing or closed.
  void close(uint16_t code = 1000, std::string reason = {});

  // Drop the TCP connection at once, without a close frame (RFC 6455 7.1.7,
  // "fail the WebSocket connection"): queued writes are lost; on_close runs
  // with Kind::kLocal and code 1006. No-op when already closed. Also the test
  // seam for a peer that vanishes (fakeai's abrupt close).
  void abort();

  // Test seam (fakeai's stall_reads: a peer gone without closing): read no
  // further frame, so pings go unanswered and nothing more is delivered (the
  // read in flight still delivers its message). Bytes that arrive are then
  // thrown away unread, only to notice the peer leaving (on_close, kError).
  void stop_reading() { reads_stopped_ = true; }

  bool is_open() const { return state_ == State::kOpen; }
  // The peer's address (unspecified when the socket has none any more).
  boost::asio::ip::address remote_address() const;
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
  struct Outgoing {
    std::string data;
    bool binary = false;
  };

  template <typename Fn>
  decltype(auto) visit_ws(Fn&& fn) {
    return std::visit(std::forward<Fn>(fn), ws_);
  }
  static std::shared_ptr<WsConnection> tracked(std::shared_ptr<WsConnection> conn);
  // Marks the connection closed and takes its handlers (and on_oversized_,
  // on_binary_) out: finish(), and a context's shutdown.
  Handlers take_handlers();
  void configure();
  void do_read();
  void on_read(boost::system::error_code ec, std::size_t bytes);
  void on_read_some(boost::system::error_code ec, std::size_t bytes);
  void wait_unread();
  void on_unread(boost::system::error_code ec);
  void deliver(bool text);
  bool enqueue(std::string data, bool binary);
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
  std::deque<Outgoing> queue_;
  boost::asio::steady_timer close_timer_;
  boost::asio::steady_timer idle_timer_;
  Handlers handlers_;
  std::function<void(std::size_t)> on_oversized_;
  std::function<void(std::string_view)> on_binary_;
  // state
  State state_ = State::kOpen;
  bool started_ = false;
  bool finished_ = false;
  bool reads_stopped_ = false;    // stop_reading()
  std::size_t discarding_ = 0;    // bytes of an oversized message thrown away so far
  uint64_t frames_in_ = 0;        // every frame read, control frames too
  uint64_t frames_at_check_ = 0;  // frames_in_ at the last idle check
  bool ping_in_flight_ = false;
  bool ping_unanswered_ = false;  // pinged at the last check, nothing since
  std::chrono::steady_clock::time_point ping_sent_at_{};
  uint16_t close_code_ = 1000;
  std::string close_reason_;
  WsStats stats_;
  // Last: forgotten by the context's OpenConnections before anything else goes.
  OpenConnections::Ticket open_ticket_;
};

}  // namespace voxgate::net
