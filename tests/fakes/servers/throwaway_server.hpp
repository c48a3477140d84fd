#pragma once
// What every throwaway database server of the tests needs (PostgreSQL for the
// store, Redis for the cluster state): a free loopback port to start it on,
// and whether a missing server binary fails the tests instead of skipping
// them (CI installs the servers and sets VOXGATE_REQUIRE_SERVERS=1).
// Header-only; any thread.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace voxgate::testing {

// A port nothing listens on now: the kernel's pick for an ephemeral bind.
inline uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  uint16_t port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  if (fd >= 0) ::close(fd);
  return port;
}

// True when a missing server binary must fail the tests.
inline bool servers_required() {
  const char* v = std::getenv("VOXGATE_REQUIRE_SERVERS");
  return v != nullptr && std::string_view(v) == "1";
}

}  // namespace voxgate::testing
