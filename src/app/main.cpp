// voxgate command line: `voxgate serve ...` runs the HTTP/WebSocket server.
// Exit codes: 0 clean stop, 1 start-up failure, 2 unusable arguments.

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "server/echo_agent.hpp"
#include "server/server.hpp"

namespace {

using namespace voxgate;

struct ServeArgs {
  std::string agent = "echo";
  server::ServerOptions server;
  int echo_delay_ms = 500;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

void add_serve_options(CLI::App& serve, ServeArgs& a) {
  serve.add_option("--agent", a.agent, "Who answers the call: echo (plays the caller back)")
      ->capture_default_str();
  serve.add_option("--host", a.server.host, "IP address to listen on")->capture_default_str();
  serve.add_option("--port", a.server.port, "TCP port (0 = any free port)")->capture_default_str();
  serve
      .add_option("--public-host", a.server.public_host,
                  "host[:port] Twilio reaches this server at (TwiML stream URL); "
                  "default: the webhook's Host header")
      ->capture_default_str();
  serve.add_option("--echo-delay-ms", a.echo_delay_ms, "Echo agent: delay before playback")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  serve.add_option("--threads", a.threads, "I/O threads running the event loop")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
}

int run_serve(const ServeArgs& a) {
  if (a.agent != "echo") {
    spdlog::error("agent '{}' is not yet available (available: echo)", a.agent);
    return 2;
  }
  boost::asio::io_context io(a.threads);
  server::Server srv(io, a.server);
  server::EchoOptions echo;
  echo.delay = std::chrono::milliseconds(a.echo_delay_ms);
  echo.on_end = [](const server::EchoStats& s) {
    spdlog::info(
        "call ended call_sid={} stream_sid={} media_in={} media_out={} marks_echoed={} "
        "bad_messages={} dropped={}",
        s.call_sid, s.stream_sid, s.media_in, s.media_out, s.marks_echoed, s.bad_messages,
        s.dropped);
  };
  srv.set_media_handler(server::EchoAgent::handler(echo));
  if (auto ec = srv.start()) {
    spdlog::error("cannot listen on {}:{}: {}", a.server.host, a.server.port, ec.message());
    return 1;
  }
  spdlog::info("listening on {}:{}", a.server.host, srv.port());

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: stopping", sig);
    srv.stop();
    io.stop();
  });
  std::vector<std::thread> pool;
  for (int i = 1; i < a.threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "voxgate: puts a realtime speech AI on the phone (Twilio Media Streams <-> "
      "OpenAI Realtime API)"};
  app.require_subcommand(1);
  ServeArgs serve_args;
  CLI::App* serve = app.add_subcommand("serve",
                                       "Run the HTTP/WebSocket server (TwiML webhook "
                                       "POST /twiml, media stream /media, /healthz)");
  add_serve_options(*serve, serve_args);
  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) return run_serve(serve_args);
  return 2;
}
