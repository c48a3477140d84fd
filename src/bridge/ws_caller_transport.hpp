#pragma once
// The caller leg's transport over a WebSocket (net::WsConnection): what the
// product's CallRunner talks to. Same owner and strand as the connection.

#include <memory>

#include "bridge/caller_transport.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::bridge {

class WsCallerTransport final : public CallerTransport {
 public:
  explicit WsCallerTransport(std::shared_ptr<net::WsConnection> ws) : ws_(std::move(ws)) {}

  void start(Handlers handlers) override {
    ws_->on_oversized(std::move(handlers.on_oversized));
    if (handlers.on_binary) ws_->on_binary(std::move(handlers.on_binary));
    ws_->start({std::move(handlers.on_frame), std::move(handlers.on_closed)});
  }
  bool send(std::string frame) override { return ws_->send(std::move(frame)); }
  bool send_binary(std::string data) override { return ws_->send_binary(std::move(data)); }
  void close(uint16_t code, std::string reason) override { ws_->close(code, std::move(reason)); }
  bool is_open() const override { return ws_->is_open(); }
  std::size_t queued() const override { return ws_->queued(); }
  uint64_t frames_written() const override { return ws_->stats().messages_out; }
  boost::asio::ip::address remote_address() const override { return ws_->remote_address(); }
  boost::asio::any_io_executor executor() const override { return ws_->get_executor(); }

 private:
  std::shared_ptr<net::WsConnection> ws_;
};

}  // namespace voxgate::bridge
