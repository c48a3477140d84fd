#pragma once
// "address:port" as written in the configuration (server.metrics_listen):
// an IPv4 address, or a bracketed IPv6 address, then a port (what a listener
// binds: no names). Pure; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace voxgate::config {

struct HostPort {
  std::string host;  // an IP address, without brackets
  uint16_t port = 0;
};

// "127.0.0.1:9464", "[::1]:0"; nullopt when not that shape.
std::optional<HostPort> parse_host_port(std::string_view text);

}  // namespace voxgate::config
