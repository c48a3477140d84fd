// WsConnection's idle timeout with keep-alive pings (see ws_connection.hpp).
//
// Same rule as Beast's keep_alive_pings: no frame from the peer for half the
// idle timeout => send a ping; still nothing for another half => the
// connection times out (CloseInfo::Kind::kTimeout). One timer wake-up per
// connection every idle_timeout / 2, instead of Beast's timer re-arm (cancel,
// cancelled-handler run, heap insert) on every message read: the media path
// reads ~80 messages per call-second.
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>

#include "net/ws_connection.hpp"

namespace voxgate::net {

namespace beast = boost::beast;
using boost::system::error_code;

namespace {
constexpr uint16_t kAbnormal = 1006;  // RFC 6455 7.4.1: no close frame
}  // namespace

void WsConnection::arm_idle_timer() {
  if (finished_ || opts_.idle_timeout.count() <= 0) return;
  idle_timer_.expires_after(opts_.idle_timeout / 2);
  idle_timer_.async_wait(
      beast::bind_front_handler(&WsConnection::on_idle_timer, shared_from_this()));
}

void WsConnection::on_idle_timer(error_code ec) {
  if (ec || finished_) return;
  if (state_ != State::kOpen) return;  // close_timer_ bounds the closing handshake
  if (activity_ != activity_seen_) {
    activity_seen_ = activity_;
    idle_ticks_ = 0;
  } else if (++idle_ticks_ >= 2) {
    finish(CloseInfo{CloseInfo::Kind::kTimeout, kAbnormal, {}, beast::error::timeout});
    visit_ws([](auto& ws) { beast::get_lowest_layer(ws).close(); });
    return;
  } else if (!ping_in_flight_) {
    // Beast queues the ping behind a write in flight (its write lock).
    ping_in_flight_ = true;
    visit_ws([this](auto& ws) {
      ws.async_ping({}, [self = shared_from_this()](error_code) {
        self->ping_in_flight_ = false;
        if (self->close_after_ping_ && !self->finished_) {
          self->close_after_ping_ = false;
          self->do_close();
        }
      });
    });
  }
  arm_idle_timer();
}

}  // namespace voxgate::net
