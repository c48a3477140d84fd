#include "net/ws_connection.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <utility>

namespace voxgate::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

namespace {
constexpr uint16_t kAbnormal = 1006;  // RFC 6455 7.4.1: no close frame
constexpr uint16_t kTooBig = 1009;
}  // namespace

struct WsConnection::Private {};

std::shared_ptr<WsConnection> WsConnection::make(PlainWs ws, WsOptions opts,
                                                 std::shared_ptr<void> keep_alive) {
  return tracked(
      std::make_shared<WsConnection>(Private{}, std::move(ws), opts, std::move(keep_alive)));
}

std::shared_ptr<WsConnection> WsConnection::make(TlsWs ws, WsOptions opts,
                                                 std::shared_ptr<void> keep_alive) {
  return tracked(
      std::make_shared<WsConnection>(Private{}, std::move(ws), opts, std::move(keep_alive)));
}

std::shared_ptr<WsConnection> WsConnection::tracked(std::shared_ptr<WsConnection> conn) {
  conn->open_ticket_ =
      OpenConnections::track(conn->strand_, [weak = std::weak_ptr<WsConnection>(conn)] {
        // The context is shut down: nothing runs any more, so the handlers
        // are only destroyed, never called.
        if (const auto c = weak.lock()) c->take_handlers();
      });
  return conn;
}

WsConnection::Handlers WsConnection::take_handlers() {
  finished_ = true;
  state_ = State::kClosed;
  on_oversized_ = {};
  on_binary_ = {};
  return std::exchange(handlers_, Handlers{});  // break cycles: handlers often capture their owner
}

WsConnection::WsConnection(Private, std::variant<PlainWs, TlsWs> ws, WsOptions opts,
                           std::shared_ptr<void> keep_alive)
    : ws_(std::move(ws)),
      opts_(opts),
      keep_alive_(std::move(keep_alive)),
      strand_(visit_ws([](auto& s) { return s.get_executor(); })),
      close_timer_(strand_),
      idle_timer_(strand_) {
  configure();
}

WsConnection::~WsConnection() = default;

void WsConnection::configure() {
  visit_ws([this](auto& ws) {
    // The handshake is done: Beast's websocket timeouts replace the TCP one.
    beast::get_lowest_layer(ws).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = opts_.close_timeout;        // also bounds the closing handshake
    t.idle_timeout = websocket::stream_base::none();  // ours: arm_idle_timer()
    t.keep_alive_pings = false;
    ws.set_option(t);
    // Pings and pongs are activity too (a peer answering our pings is alive).
    ws.control_callback([this](websocket::frame_type, beast::string_view) { ++frames_in_; });
    // Discarding reads pieces and bounds them itself (on_read_some).
    ws.read_message_max(opts_.discard_oversized ? 0 : opts_.read_message_max);
    ws.auto_fragment(false);
  });
}

void WsConnection::start(Handlers handlers) {
  if (started_ || finished_) return;
  started_ = true;
  handlers_ = std::move(handlers);
  do_read();
  arm_idle_timer();
}

void WsConnection::arm_idle_timer() {
  if (opts_.idle_timeout.count() <= 0 || state_ != State::kOpen) return;
  idle_timer_.expires_after(opts_.idle_timeout / 2);
  idle_timer_.async_wait(
      beast::bind_front_handler(&WsConnection::on_idle_timer, shared_from_this()));
}

// Beast's rule (stream_impl.hpp timeout_handler): a half idle period without
// a frame sends a ping; no frame for pong_timeout after it times out.
void WsConnection::on_idle_timer(error_code ec) {
  if (ec || finished_ || state_ != State::kOpen) return;  // closing: close_timer_ bounds it
  const auto now = std::chrono::steady_clock::now();
  const auto pong_timeout =
      opts_.pong_timeout.count() > 0 ? opts_.pong_timeout : opts_.idle_timeout / 2;
  if (frames_in_ != frames_at_check_) {
    frames_at_check_ = frames_in_;
    ping_unanswered_ = false;
  } else if (ping_unanswered_) {
    if (now - ping_sent_at_ >= pong_timeout) {
      finish(CloseInfo{CloseInfo::Kind::kTimeout, kAbnormal, {}, beast::error::timeout});
      visit_ws([](auto& ws) { beast::get_lowest_layer(ws).close(); });
      return;
    }
  } else if (!ping_in_flight_) {
    ping_unanswered_ = true;
    ping_in_flight_ = true;
    ping_sent_at_ = now;
    visit_ws([this](auto& ws) {
      ws.async_ping({}, [self = shared_from_this()](error_code) { self->ping_in_flight_ = false; });
    });
  }
  arm_idle_timer();
}

boost::asio::ip::address WsConnection::remote_address() const {
  error_code ec;
  const auto ep = std::visit(
      [&ec](const auto& ws) { return beast::get_lowest_layer(ws).socket().remote_endpoint(ec); },
      ws_);
  return ec ? boost::asio::ip::address{} : ep.address();
}

void WsConnection::post(std::function<void()> fn) {
  boost::asio::post(strand_, [self = shared_from_this(), fn = std::move(fn)] { fn(); });
}

void WsConnection::do_read() {
  if (reads_stopped_) return wait_unread();
  visit_ws([this](auto& ws) {
    if (opts_.discard_oversized) {
      // One piece at a time, so an oversized message never sits in memory.
      ws.async_read_some(
          buffer_, opts_.read_message_max,
          beast::bind_front_handler(&WsConnection::on_read_some, shared_from_this()));
      return;
    }
    ws.async_read(buffer_, beast::bind_front_handler(&WsConnection::on_read, shared_from_this()));
  });
}

void WsConnection::on_read(error_code ec, std::size_t) {
  if (ec) return fail(ec);
  ++frames_in_;
  deliver(visit_ws([](auto& ws) { return ws.got_text(); }));
}

void WsConnection::on_read_some(error_code ec, std::size_t) {
  if (ec) return fail(ec);
  ++frames_in_;
  const bool done = visit_ws([](auto& ws) { return ws.is_message_done(); });
  if (discarding_ > 0 || buffer_.size() > opts_.read_message_max) {
    discarding_ += buffer_.size();
    buffer_.consume(buffer_.size());
    if (done) {
      ++stats_.oversized;
      const std::size_t bytes = std::exchange(discarding_, 0);
      if (on_oversized_) on_oversized_(bytes);
    }
  } else if (done) {
    return deliver(visit_ws([](auto& ws) { return ws.got_text(); }));
  }
  if (!finished_) do_read();
}

void WsConnection::wait_unread() {
  visit_ws([this](auto& ws) {
    beast::get_lowest_layer(ws).socket().async_wait(
        boost::asio::socket_base::wait_read,
        beast::bind_front_handler(&WsConnection::on_unread, shared_from_this()));
  });
}

void WsConnection::on_unread(error_code ec) {
  if (finished_) return;
  if (ec) return fail(ec);
  std::array<char, 4096> junk;
  visit_ws([&junk, &ec](auto& ws) {
    auto& socket = beast::get_lowest_layer(ws).socket();
    socket.non_blocking(true, ec);  // Beast reads no more: nothing else uses the flag
    if (!ec) socket.read_some(boost::asio::buffer(junk), ec);
  });
  if (ec && ec != boost::asio::error::would_block) return fail(ec);  // eof: the peer has gone
  wait_unread();
}

void WsConnection::deliver(bool text) {
  const auto data = buffer_.cdata();
  const std::string_view message(static_cast<const char*>(data.data()), data.size());
  if (text) {
    ++stats_.messages_in;
    if (handlers_.on_text) handlers_.on_text(message);
  } else if (on_binary_) {
    ++stats_.messages_in;
    on_binary_(message);
  } else {
    ++stats_.binary_ignored;  // Twilio and Realtime speak JSON text only
  }
  buffer_.consume(buffer_.size());
  if (!finished_) do_read();
}

bool WsConnection::send(std::string text) {
  return enqueue(std::move(text), false);
}

bool WsConnection::send_binary(std::string data) {
  return enqueue(std::move(data), true);
}

bool WsConnection::enqueue(std::string data, bool binary) {
  if (state_ != State::kOpen || queue_.size() >= opts_.max_queue) {
    ++stats_.send_dropped;
    return false;
  }
  queue_.push_back(Outgoing{std::move(data), binary});
  if (queue_.size() == 1) do_write();
  return true;
}

void WsConnection::do_write() {
  visit_ws([this](auto& ws) {
    ws.binary(queue_.front().binary);  // the frame type is set per message (RFC 6455 5.6)
    ws.async_write(boost::asio::buffer(queue_.front().data),
                   beast::bind_front_handler(&WsConnection::on_write, shared_from_this()));
  });
}

void WsConnection::on_write(error_code ec, std::size_t) {
  if (ec) return fail(ec);
  ++stats_.messages_out;
  queue_.pop_front();
  if (finished_) return;
  if (!queue_.empty()) return do_write();
  if (state_ == State::kClosing) do_close();
}

void WsConnection::close(uint16_t code, std::string reason) {
  if (state_ != State::kOpen) return;
  state_ = State::kClosing;
  close_code_ = code;
  close_reason_ = std::move(reason);
  close_timer_.expires_after(opts_.close_timeout);
  close_timer_.async_wait(
      beast::bind_front_handler(&WsConnection::on_close_timer, shared_from_this()));
  if (queue_.empty()) do_close();  // else on_write closes once the queue drains
}

void WsConnection::abort() {
  if (finished_) return;
  const auto self = shared_from_this();  // on_close may drop the owner's reference
  visit_ws([](auto& ws) {
    error_code ignored;
    auto& socket = beast::get_lowest_layer(ws).socket();
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  });
  finish(CloseInfo{CloseInfo::Kind::kLocal, kAbnormal, {}, {}});
}

void WsConnection::do_close() {
  websocket::close_reason cr;
  cr.code = close_code_;
  // RFC 6455 5.5: a control frame payload is at most 125 bytes (2 for the code).
  const auto n = std::min(close_reason_.size(), cr.reason.max_size());
  cr.reason.assign(close_reason_.data(), n);
  visit_ws([this, &cr](auto& ws) {
    ws.async_close(cr, beast::bind_front_handler(&WsConnection::on_close_done, shared_from_this()));
  });
}

void WsConnection::on_close_done(error_code ec) {
  if (ec) return fail(ec);
  finish(CloseInfo{CloseInfo::Kind::kLocal, close_code_, close_reason_, {}});
}

void WsConnection::on_close_timer(error_code ec) {
  if (ec || finished_) return;  // cancelled: the close completed in time
  finish(CloseInfo{CloseInfo::Kind::kTimeout, kAbnormal, close_reason_, beast::error::timeout});
  visit_ws([](auto& ws) { beast::get_lowest_layer(ws).close(); });
}

void WsConnection::fail(error_code ec) {
  if (finished_) return;
  CloseInfo info;
  info.ec = ec;
  if (ec == websocket::error::closed) {
    if (state_ == State::kClosing) {
      info.kind = CloseInfo::Kind::kLocal;
      info.code = close_code_;
      info.reason = close_reason_;
    } else {
      const auto& r =
          visit_ws([](auto& ws) -> const websocket::close_reason& { return ws.reason(); });
      info.kind = CloseInfo::Kind::kNormal;
      info.code = r.code;
      info.reason = std::string(r.reason.c_str());
    }
  } else if (ec == beast::error::timeout) {
    info.kind = CloseInfo::Kind::kTimeout;
    info.code = kAbnormal;
  } else if (ec == websocket::error::message_too_big) {
    info.kind = CloseInfo::Kind::kError;  // Beast has sent close 1009 to the peer
    info.code = kTooBig;
  } else {
    info.kind = CloseInfo::Kind::kError;
    info.code = kAbnormal;
  }
  finish(std::move(info));
}

void WsConnection::finish(CloseInfo info) {
  if (finished_) return;
  Handlers h = take_handlers();
  // The write in flight (if any) still owns queue_.front(); keep it alive.
  if (queue_.size() > 1) queue_.erase(queue_.begin() + 1, queue_.end());
  close_timer_.cancel();
  idle_timer_.cancel();
  if (h.on_close) h.on_close(info);
}

}  // namespace voxgate::net
