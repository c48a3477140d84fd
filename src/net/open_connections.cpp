#include "net/open_connections.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>
#include <utility>

namespace voxgate::net {

// Shared by the service and its tickets: a ticket may outlive the context
// (a connection held past its context's end), and then finds it shut.
struct OpenConnections::Ticket::State {
  std::mutex mu;
  bool shut = false;
  std::list<std::function<void()>> open;
};

OpenConnections::OpenConnections(boost::asio::execution_context& context)
    : boost::asio::execution_context::service(context), state_(std::make_shared<Ticket::State>()) {}

OpenConnections::Ticket OpenConnections::track(const boost::asio::any_io_executor& executor,
                                               std::function<void()> release) {
  auto& context = boost::asio::query(executor, boost::asio::execution::context);
  auto& self = boost::asio::use_service<OpenConnections>(context);
  Ticket ticket;
  std::lock_guard lock(self.state_->mu);
  if (self.state_->shut) return ticket;
  ticket.state_ = self.state_;
  ticket.entry_ = self.state_->open.insert(self.state_->open.end(), std::move(release));
  return ticket;
}

void OpenConnections::shutdown() {
  std::list<std::function<void()>> open;
  {
    std::lock_guard lock(state_->mu);
    state_->shut = true;
    open.swap(state_->open);
  }
  // Outside the lock: a release may destroy connections, whose tickets lock.
  for (auto& release : open) release();
}

OpenConnections::Ticket& OpenConnections::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    Ticket gone(std::move(*this));
    state_ = std::move(other.state_);
    entry_ = other.entry_;
  }
  return *this;
}

OpenConnections::Ticket::~Ticket() {
  if (!state_) return;
  std::lock_guard lock(state_->mu);
  if (!state_->shut) state_->open.erase(entry_);
}

}  // namespace voxgate::net
