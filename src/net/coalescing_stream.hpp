#pragma once
// CoalescingStream: the TCP layer under a plain (ws://) Beast websocket
// stream. Every byte written to the socket goes through one ordered out
// buffer, flushed with one write per batch: frames queued while a write is in
// flight (or within one strand turn) leave in a single system call.
//
// Why not Beast alone: Beast writes one message per async_write, each with its
// own composed operation and system call; the load profile (bench/README.md)
// has the send path as the largest single cost. WsConnection appends
// pre-framed data messages here (append_text_frame) and Beast keeps reading,
// answering pings and closing: its control frames go through async_write_some
// below, so they stay in order with the data frames.
//
// Owner: the websocket::stream it sits under (PlainWs). Thread affinity: the
// connection's strand; every member must be called there. A flush in flight
// holds the buffers it writes (shared state), so destroying the stream while a
// write is pending is safe.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace voxgate::net {

class CoalescingStream {
 public:
  using next_layer_type = boost::beast::tcp_stream;
  using executor_type = next_layer_type::executor_type;

  // Constructs the tcp_stream from the arguments (an executor, or a
  // connected tcp_stream handed over by the HTTP session).
  template <typename... Args>
  explicit CoalescingStream(Args&&... args)
      : next_(std::forward<Args>(args)...), st_(make_state()) {
    st_->self = this;
  }
  CoalescingStream(CoalescingStream&& other) noexcept;
  CoalescingStream& operator=(CoalescingStream&&) = delete;
  CoalescingStream(const CoalescingStream&) = delete;
  ~CoalescingStream();

  executor_type get_executor() noexcept { return next_.get_executor(); }
  next_layer_type& next_layer() noexcept { return next_; }
  const next_layer_type& next_layer() const noexcept { return next_; }

  // Client connections mask their frames (RFC 6455 5.3).
  void set_role(boost::beast::role_type role) {
    st_->client = role == boost::beast::role_type::client;
  }

  // Queue one text message as a complete frame; it is written at the end of
  // the current strand turn or when the write in flight completes.
  // Returns false once the socket failed.
  bool append_text_frame(std::string_view payload);
  // Frames appended and not yet written (the WsConnection's queue).
  std::size_t pending_frames() const { return st_->out_frames + st_->inflight_frames; }
  uint64_t frames_written() const { return st_->frames_written; }

  // AsyncReadStream: straight to the socket.
  template <typename Buffers, typename Token>
  auto async_read_some(const Buffers& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  // AsyncWriteStream (Beast's handshake response and control frames): the
  // bytes join the out buffer; the handler runs once they are written.
  template <typename Buffers, typename Token>
  auto async_write_some(const Buffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
        [this](auto handler, const Buffers& b) {
          std::size_t n = 0;
          for (auto it = boost::asio::buffer_sequence_begin(b);
               it != boost::asio::buffer_sequence_end(b); ++it) {
            boost::asio::const_buffer cb(*it);
            st_->out.append(static_cast<const char*>(cb.data()), cb.size());
            n += cb.size();
          }
          write_some_queued(Handler(std::move(handler)), n);
        },
        token, buffers);
  }

 private:
  using Handler = boost::asio::any_completion_handler<void(boost::system::error_code, std::size_t)>;
  struct State {
    CoalescingStream* self = nullptr;  // null once the stream is gone
    std::string out;                   // bytes waiting for the next write
    std::string inflight;              // bytes of the write in flight
    std::size_t out_frames = 0, inflight_frames = 0;
    uint64_t frames_written = 0;
    // Beast's write (at most one at a time: its write lock). optional, not
    // assignment: Boost 1.81's any_completion_handler move-assign recurses.
    std::optional<Handler> held;
    std::size_t held_bytes = 0;
    bool held_in_flight = false;  // held's bytes are in `inflight`
    bool flushing = false;
    bool flush_posted = false;
    bool client = false;
    boost::system::error_code error;  // the socket failed: nothing more is written
  };
  static std::shared_ptr<State> make_state() { return std::make_shared<State>(); }

  void write_some_queued(Handler handler, std::size_t n);
  void flush_soon();
  void start_flush();
  static void on_flushed(const std::shared_ptr<State>& st, boost::system::error_code ec);
  static void complete(Handler h, executor_type ex, boost::system::error_code ec, std::size_t n);

  next_layer_type next_;
  std::shared_ptr<State> st_;
};

// Beast's closing handshake ends with a teardown of the next layer (found by
// argument-dependent lookup): the socket's, as for a plain tcp_stream.
void teardown(boost::beast::role_type role, CoalescingStream& stream,
              boost::system::error_code& ec);

template <typename TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingStream& stream,
                    TeardownHandler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer().socket(), std::forward<TeardownHandler>(handler));
}

}  // namespace voxgate::net
