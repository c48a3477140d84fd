#pragma once
// ScriptedServer: a tiny scripted carrier-side (Twilio, or Vonage) WebSocket server on loopback
// (ephemeral port) for callsim's loopback tests.
// Owner: the test. Thread affinity: runs its io_context on its own thread;
// url() and received() may be called from any thread.
// In its own translation unit: its coroutine WebSocket session is the
// heaviest code in unit_callsim and compiles in parallel with the tests.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/object.hpp>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace voxgate::callsim::test {

// kVonageEcho speaks Vonage instead (binary PCM at 8 kHz): a 1 s greeting and
// a notify after websocket:connected, every binary frame echoed, a clear
// after the 10th. Binary frames are recorded as {"binary": size}.
// kDeafAfterStop echoes media and reads nothing after the stop, so the
// caller's close frame goes unanswered.
enum class Script { kEchoMarksClear, kGarbage, kHangUpEarly, kVonageEcho, kDeafAfterStop };

// A Twilio-facing media server: echoes media back, and per script sends a
// 1 s greeting + mark at start, a clear at chunk 10, a mark at chunk 20,
// garbage, or hangs up. Runs on its own thread; records what it received.
class ScriptedServer {
 public:
  explicit ScriptedServer(Script script);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  std::string url() const;
  // All messages received, per connection, in order.
  std::vector<std::vector<boost::json::object>> received();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> session(boost::asio::ip::tcp::socket s, std::size_t conn);
  std::vector<std::string> respond(const boost::json::object& m, std::string& sid);
  // One kVonageEcho message: what to send back, each flagged binary or not.
  std::vector<std::pair<std::string, bool>> respond_vonage(const std::string& data, bool binary,
                                                           int binary_seen);

  Script script_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::vector<boost::json::object>> received_;
};

}  // namespace voxgate::callsim::test
