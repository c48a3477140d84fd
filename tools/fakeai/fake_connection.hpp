#pragma once
// FakeConnection: one accepted fakeai connection. Drives a ScriptedSession
// (FakeSession for Realtime, LiveSession for GPT-Live) from a
// net::WsConnection and a timer, and performs what the session asks: send an
// event or raw text, close with a code, drop the TCP connection without a
// close frame, stop reading (stall_reads). README.md lists the faults.
//
// Owned by its connection (whose handlers hold it) and its timer; it sees the
// connection through a weak_ptr, so neither keeps the other alive in a cycle.
// Created by FakeAiServer once the upgrade is accepted. Runs on the
// connection's strand only.

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fakeai/script.hpp"
#include "fakeai/scripted_session.hpp"
#include "fakeai/stats.hpp"
#include "net/ws_connection.hpp"

namespace voxgate::fakeai {

class FakeConnection : public std::enable_shared_from_this<FakeConnection> {
 public:
  // Counts since the last report; called on the strand, so it must lock.
  using Report = std::function<void(const Stats&)>;

  // `script` keeps what `session` reads of it alive.
  FakeConnection(const std::shared_ptr<net::WsConnection>& conn,
                 std::shared_ptr<const Script> script, std::unique_ptr<ScriptedSession> session,
                 rt::Dialect dialect, Report report);

  // session.created, then the read loop. The caller holds the connection
  // until this returns; its read loop holds it from then on.
  void start();

 private:
  void on_text(std::string_view text);
  void on_closed();
  void arm_timer();
  void perform(std::vector<Action> actions);
  void send(net::WsConnection& conn, std::string text);

  // Passed in.
  std::weak_ptr<net::WsConnection> conn_;
  std::shared_ptr<const Script> script_;
  const rt::Dialect dialect_;
  Report report_;
  // Owned.
  std::unique_ptr<ScriptedSession> session_;
  boost::asio::steady_timer timer_;
  // State.
  std::optional<common::TimePoint> armed_;
};

}  // namespace voxgate::fakeai
