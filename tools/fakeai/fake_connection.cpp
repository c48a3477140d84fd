#include "fakeai/fake_connection.hpp"

#include <chrono>
#include <utility>

namespace voxgate::fakeai {

namespace {
common::TimePoint now() {
  return std::chrono::steady_clock::now();
}
}  // namespace

FakeConnection::FakeConnection(const std::shared_ptr<net::WsConnection>& conn,
                               std::shared_ptr<const Script> script,
                               std::unique_ptr<ScriptedSession> session, rt::Dialect dialect,
                               Report report)
    : conn_(conn),
      script_(std::move(script)),
      dialect_(dialect),
      report_(std::move(report)),
      session_(std::move(session)),
      timer_(conn->get_executor()) {}

void FakeConnection::start() {
  Stats accepted;
  accepted.connections = 1;
  report_(accepted);
  auto self = shared_from_this();
  conn_.lock()->start({[self](std::string_view text) { self->on_text(text); },
                       [self](const net::CloseInfo&) { self->on_closed(); }});
  perform(session_->start());
}

void FakeConnection::on_text(std::string_view text) {
  perform(session_->on_client_text(text, now()));
}

void FakeConnection::on_closed() {
  timer_.cancel();
  report_(session_->take_stats());
}

void FakeConnection::arm_timer() {
  auto deadline = session_->next_deadline();
  if (!deadline) return;
  if (armed_ && *armed_ == *deadline) return;
  armed_ = deadline;
  timer_.expires_at(*deadline);
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return;  // re-armed or closed
    self->armed_.reset();
    self->perform(self->session_->on_timer(now()));
  });
}

// Turns FakeSession actions into writes or a close, then reports its stats.
void FakeConnection::perform(std::vector<Action> actions) {
  // Report first so a client that has seen an event also sees it counted.
  report_(session_->take_stats());
  const auto conn = conn_.lock();
  if (!conn || !conn->is_open()) return;
  for (auto& a : actions) {
    if (a.kind == Action::Kind::kClose) {
      if (a.close_code == 0) return conn->abort();       // abrupt: no close frame
      conn->close(static_cast<uint16_t>(a.close_code));  // once the queue drains
      break;
    }
    send(*conn, a.kind == Action::Kind::kSend ? rt::encode(a.event, dialect_) : std::move(a.raw));
  }
  // stall_reads: no more reads, so the client's pings go unanswered.
  if (session_->reads_stalled()) conn->stop_reading();
  arm_timer();
}

void FakeConnection::send(net::WsConnection& conn, std::string text) {
  // Bounded (WsOptions::max_queue): a client that far behind is dropped.
  if (!conn.send(std::move(text)) && conn.is_open()) conn.abort();
}

}  // namespace voxgate::fakeai
