#pragma once
// CallerTransport: the caller leg's socket as the per-call shell sees it
// (frames in, frames out, close), so CallRunner can be driven without a
// socket (STYLE.md "Test the shell without sockets"). The product uses
// WsCallerTransport (a net::WsConnection); unit tests use an in-memory fake.
//
// Owner: shared_ptr held by the CallRunner. Thread affinity: its executor
// (the call's strand); every method and handler runs there.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "net/ws_connection.hpp"

namespace voxgate::bridge {

class CallerTransport {
 public:
  struct Handlers {
    std::function<void(std::string_view frame)> on_frame;
    // Binary messages (Vonage's audio); none: they are counted and dropped.
    std::function<void(std::string_view data)> on_binary;
    // A message over the size limit, already thrown away (BEHAVIOUR 5).
    std::function<void(std::size_t bytes)> on_oversized;
    std::function<void(const net::CloseInfo& info)> on_closed;  // exactly once
  };

  virtual ~CallerTransport() = default;

  virtual void start(Handlers handlers) = 0;
  // false: refused (closed, or the bounded write queue is full).
  virtual bool send(std::string frame) = 0;
  virtual bool send_binary(std::string data) = 0;  // as send(), a binary message
  virtual void close(uint16_t code, std::string reason) = 0;
  virtual bool is_open() const = 0;
  virtual std::size_t queued() const = 0;       // frames waiting to be written
  virtual uint64_t frames_written() const = 0;  // progress, for the stall guard
  virtual boost::asio::ip::address remote_address() const = 0;
  virtual boost::asio::any_io_executor executor() const = 0;
};

}  // namespace voxgate::bridge
