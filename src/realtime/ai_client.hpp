#pragma once
// AiClient: the AI leg. A Realtime-protocol WebSocket client (ws:// or
// wss://) over net::WsClient that sends typed client events and delivers
// parsed server events. Serves OpenAI, compatible servers, the local agent
// and tools/fakeai alike (ARCHITECTURE.md: one client code path).
//
// Every failure is reported once, as one typed AiFailure. Bad messages are
// counted and reported; past a threshold they become a kProtocol failure.
// The API key goes only into the Authorization header; it is never logged or
// put into an error.
//
// Owner: shared_ptr held by the call's CallRunner. Thread affinity: the
// call's strand; all handlers run there; send/close must be called there.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "net/ws_connection.hpp"
#include "realtime/client_events.hpp"
#include "realtime/codec.hpp"
#include "realtime/dialect.hpp"
#include "realtime/server_events.hpp"

namespace voxgate::realtime {

struct AiClientOptions {
  std::string url = "wss://api.openai.com/v1/realtime";
  std::string model = "gpt-realtime";  // appended as ?model= unless the URL has one
  std::string api_key;                 // empty => no Authorization header
  Dialect dialect = Dialect::kGA;
  std::string ca_file;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds handshake_timeout{5000};
  // BEHAVIOUR 5 liveness: a ping after half of idle_timeout without a frame,
  // a failure when pong_timeout passes with no frame after it ("no pong for
  // 5 s"). A caller waiting for an answer is covered sooner by the session's
  // 3 s response watchdog; this catches a peer gone quiet between turns.
  std::chrono::milliseconds idle_timeout{1000};
  std::chrono::milliseconds pong_timeout{5000};
  std::size_t max_queue = 1024;
  std::size_t max_message = 4u << 20;
  uint32_t malformed_threshold = 20;  // consecutive bad messages before kProtocol
};

struct AiFailure {
  enum class Kind {
    kBadUrl,
    kResolve,
    kRefused,
    kTimeout,
    kTls,
    kHandshakeStatus,
    kClosed,
    kProtocol
  };
  Kind kind = Kind::kClosed;
  int http_status = 0;      // kHandshakeStatus
  uint16_t close_code = 0;  // kClosed
  std::string message;
  // The session cannot work (e.g. HTTP 401/403: bad key): skip reconnecting.
  bool fatal = false;
};

std::string_view to_string(AiFailure::Kind kind);
std::string describe(const AiFailure& failure);

class AiClient : public std::enable_shared_from_this<AiClient> {
 public:
  struct Handlers {
    std::function<void(ServerEvent&& event)> on_event;
    // At most once, and never after close().
    std::function<void(const AiFailure& failure)> on_failure;
    // Each rejected message (counted; the call goes on).
    std::function<void(ParseError error)> on_bad_message;
  };
  using ConnectDone = std::function<void(common::Result<std::shared_ptr<AiClient>, AiFailure>)>;

  // Dials and hands back a started client on `strand` via `done`.
  static void connect(boost::asio::any_io_executor strand, AiClientOptions opts, Handlers handlers,
                      ConnectDone done);

  bool send(const ClientEvent& event);
  bool send_audio(std::string_view audio_b64);  // hot path: input_audio_buffer.append
  void close();

  bool is_open() const;
  uint64_t unknown_events() const { return unknown_; }
  uint64_t bad_messages() const { return bad_total_; }
  Dialect dialect() const { return dialect_; }

  AiClient(std::shared_ptr<net::WsConnection> ws, Handlers handlers, Dialect dialect,
           uint32_t malformed_threshold);

 private:
  void on_text(std::string_view text);
  void on_close(const net::CloseInfo& info);
  void fail(AiFailure failure);

  std::shared_ptr<net::WsConnection> ws_;
  Handlers handlers_;
  Dialect dialect_;
  uint32_t malformed_threshold_;
  uint32_t bad_in_a_row_ = 0;
  uint64_t bad_total_ = 0;
  uint64_t unknown_ = 0;
  bool closed_by_us_ = false;
  bool failed_ = false;
};

}  // namespace voxgate::realtime
