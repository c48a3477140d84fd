#pragma once
// MediaGate: admission bookkeeping for media streams (BEHAVIOUR 0). A socket
// is first *open* (counted per client address, so one address cannot hold
// more than max_open_per_address unadmitted sockets), then *admitted* when
// its start passes the checks (counted against max_calls). Admitted calls and
// open unadmitted sockets are counted separately, so a flood of silent
// sockets never uses up call capacity and full capacity never stops a start
// from being checked.
//
// Owner: the app (one per process), shared by every CallRunner through
// RunnerDeps; a Ticket belongs to one runner. Thread-safe: runners on every
// I/O thread call it (one mutex; a handful of operations per call, never per
// frame).

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace voxgate::bridge {

class MediaGate {
 public:
  struct Limits {
    std::size_t max_calls = 1000;           // admitted calls at once
    std::size_t max_open_per_address = 64;  // unadmitted sockets per client address
  };

  // One media socket's place at the gate; releases it when destroyed.
  class Ticket {
   public:
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket();
    // Unadmitted -> admitted; false (and still unadmitted) at capacity.
    bool admit();
    bool admitted() const { return admitted_; }

   private:
    friend class MediaGate;
    Ticket(MediaGate& gate, boost::asio::ip::address address) : gate_(gate), address_(address) {}
    MediaGate& gate_;
    boost::asio::ip::address address_;
    bool admitted_ = false;
  };

  explicit MediaGate(Limits limits) : limits_(limits) {}

  // A new media socket from `address`; null when that address already holds
  // max_open_per_address unadmitted sockets.
  std::unique_ptr<Ticket> open(const boost::asio::ip::address& address);

  std::size_t admitted() const;
  std::size_t unadmitted() const;

 private:
  bool admit(const boost::asio::ip::address& address);
  void release(const boost::asio::ip::address& address, bool admitted);

  const Limits limits_;
  mutable std::mutex mu_;
  std::map<boost::asio::ip::address, std::size_t> open_by_address_;
  std::size_t unadmitted_ = 0;
  std::size_t admitted_ = 0;
};

}  // namespace voxgate::bridge
