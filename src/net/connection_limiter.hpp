#pragma once
// ConnectionLimiter: who may open a connection (README Security: connection
// limits). Per client IP: a token bucket of new connections per second and a
// cap on handshakes in flight (accepted, first request not yet answered or
// upgrade not yet done); overall: a cap on open connections. A refused
// connection is answered 429 (per-IP) or 503 (capacity) by its HttpSession,
// with Retry-After.
//
// Owner: the Listener (shared with every Lease, so it outlives them).
// Thread-safe: one mutex around the per-IP table; the clock is injected.

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "common/clock.hpp"

namespace voxgate::net {

enum class Refusal { kNone, kRate, kHandshakes, kCapacity, kOverload };
std::string_view to_string(Refusal r);  // metric label: "rate", "handshakes", ...

struct ConnectionLimits {
  std::size_t max_connections = 10000;      // open at once; 0 = no cap
  std::size_t max_handshakes_per_ip = 256;  // in flight per IP; 0 = no cap
  double rate_per_ip = 200;                 // new connections per second per IP; 0 = no limit
  double burst_per_ip = 400;                // bucket size
  std::size_t max_tracked_ips = 100000;     // per-IP table bound
  // Refused connections still being answered; past this they are closed
  // without an answer (so refusing costs bounded file descriptors).
  std::size_t max_refusing = 256;
  // Metric hooks (may be empty); called without the lock held.
  std::function<void(Refusal)> on_refused;
  std::function<void(int64_t open_delta)> on_open;
};

class ConnectionLimiter : public std::enable_shared_from_this<ConnectionLimiter> {
 public:
  // One admitted (or refused-and-being-answered) connection. Releasing it
  // (destruction) frees its slot; handshake_done() frees its handshake slot.
  class Lease {
   public:
    Lease(std::shared_ptr<ConnectionLimiter> owner, boost::asio::ip::address ip, bool refused);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    void handshake_done();

   private:
    std::shared_ptr<ConnectionLimiter> owner_;
    boost::asio::ip::address ip_;
    bool refused_;
    bool handshaking_ = true;
  };

  struct Decision {
    Refusal refusal = Refusal::kNone;
    std::chrono::seconds retry_after{0};  // for a refusal
    std::shared_ptr<Lease> lease;         // null only for kOverload (close at once)
  };

  // `clock` must outlive the limiter; null = the steady clock.
  static std::shared_ptr<ConnectionLimiter> make(ConnectionLimits limits,
                                                 const common::Clock* clock = nullptr);

  Decision admit(boost::asio::ip::address ip);

  std::size_t open_connections() const;
  std::size_t handshakes_in_flight(const boost::asio::ip::address& ip) const;
  std::size_t tracked_ips() const;

  ConnectionLimiter(ConnectionLimits limits, const common::Clock* clock);

 private:
  struct PerIp {
    double tokens = 0;
    common::TimePoint refilled{};
    std::size_t handshakes = 0;
  };

  void refill(PerIp& p, common::TimePoint now) const;
  bool idle(const PerIp& p, common::TimePoint now) const;
  Refusal check(const boost::asio::ip::address& ip, common::TimePoint now,
                std::chrono::seconds& retry_after);
  void release(const boost::asio::ip::address& ip, bool handshaking, bool refused);
  void end_handshake(const boost::asio::ip::address& ip);

  const ConnectionLimits limits_;
  const common::Clock& clock_;
  mutable std::mutex mu_;
  std::map<boost::asio::ip::address, PerIp> per_ip_;
  std::size_t open_ = 0;
  std::size_t refusing_ = 0;
};

}  // namespace voxgate::net
