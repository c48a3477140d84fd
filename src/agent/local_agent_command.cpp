#include "agent/local_agent_command.hpp"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include "agent/agent_server.hpp"

namespace voxgate::agent {
namespace {

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

std::optional<HostPort> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) return std::nullopt;
  HostPort hp;
  hp.host = listen.substr(0, colon);
  if (hp.host.size() >= 2 && hp.host.front() == '[' && hp.host.back() == ']') {
    hp.host = hp.host.substr(1, hp.host.size() - 2);
  }
  if (hp.host.empty()) hp.host = "0.0.0.0";
  unsigned long port = 0;
  for (char c : listen.substr(colon + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + static_cast<unsigned long>(c - '0');
    if (port > 65535) return std::nullopt;
  }
  hp.port = static_cast<uint16_t>(port);
  return hp;
}

}  // namespace

int run_local_agent(const std::string& listen, const std::string& agent_file, int workers) {
  const auto hp = parse_listen(listen);
  if (!hp) {
    std::fprintf(stderr, "local agent: --listen wants HOST:PORT, got '%s'\n", listen.c_str());
    return 2;
  }
  boost::asio::io_context io;
  AgentServerOptions opts;
  opts.host = hp->host;
  opts.port = hp->port;
  opts.agent_file = agent_file;
  opts.workers = workers;
  auto server = LocalAgentServer::start(io, opts);
  if (!server) {
    std::fprintf(stderr, "local agent: %s\n", server.error().c_str());
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    (*server)->stop();
    io.stop();
  });
  std::printf("local agent listening on %s:%u\n", hp->host.c_str(),
              static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);
  // One I/O thread per core (ARCHITECTURE.md "Concurrency"); ASR and TTS
  // have their own worker threads.
  const unsigned n = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  const auto s = (*server)->stats();
  std::printf("local agent stopped: %llu connections, %llu turns, %llu responses\n",
              static_cast<unsigned long long>(s.connections),
              static_cast<unsigned long long>(s.turns_recognised),
              static_cast<unsigned long long>(s.responses));
  return 0;
}

}  // namespace voxgate::agent
