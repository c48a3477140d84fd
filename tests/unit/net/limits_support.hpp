#pragma once
// ConnectionLimits for tests, without designated initializers (the struct
// has hooks, and -Wmissing-field-initializers would flag them).

#include "net/connection_limiter.hpp"

namespace voxgate::net::test {

inline ConnectionLimits limits(std::size_t max_connections, std::size_t handshakes_per_ip,
                               double rate, double burst = 1) {
  ConnectionLimits l;
  l.max_connections = max_connections;
  l.max_handshakes_per_ip = handshakes_per_ip;
  l.rate_per_ip = rate;
  l.burst_per_ip = burst;
  return l;
}

}  // namespace voxgate::net::test
