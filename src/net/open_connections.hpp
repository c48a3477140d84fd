#pragma once
// OpenConnections: at an execution context's shutdown, drops the handlers
// of every connection on it that is still open, so no ownership cycle
// outlives the context.
//
// A WsConnection's handlers usually capture their owner (a CallRunner holds
// its caller connection, whose handlers hold the runner): the cycle ends when
// the connection finishes. If the context is shut down while a connection is
// still open (a refused stream's closing handshake in flight as the
// application stops, a call that did not end in time), its pending
// operations are destroyed without running, finish() never runs, and the
// pair would leak. Asio shuts a context's services down in the reverse order
// of their creation, and this one is created after the context's scheduler,
// so it runs first, while no thread runs the context.
//
// Owner: the context (boost::asio::use_service). Thread affinity: track()
// and a Ticket's destruction from any thread; a mutex, once per connection,
// never per message.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/execution_context.hpp>
#include <functional>
#include <list>
#include <memory>
#include <mutex>

namespace voxgate::net {

class OpenConnections final : public boost::asio::execution_context::service {
 public:
  using key_type = OpenConnections;
  static inline boost::asio::execution_context::id id;

  explicit OpenConnections(boost::asio::execution_context& context);

  // Forgets its connection when destroyed (the connection keeps it).
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept = default;
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();

   private:
    friend class OpenConnections;
    struct State;
    std::shared_ptr<State> state_;
    std::list<std::function<void()>>::iterator entry_;
  };

  // `release` runs at the shutdown of the context `executor` belongs to,
  // unless the ticket is gone by then. It must not run any handler: nothing
  // runs the context any more.
  [[nodiscard]] static Ticket track(const boost::asio::any_io_executor& executor,
                                    std::function<void()> release);

 private:
  void shutdown() override;

  std::shared_ptr<Ticket::State> state_;
};

}  // namespace voxgate::net
