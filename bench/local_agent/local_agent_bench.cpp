// bench_local_agent: N simultaneous calls to the local agent (bench/README.md
// "Local agent"). One process runs a LocalAgentServer (real time playback,
// as voxgate uses it) and N Realtime clients over loopback WebSockets, each
// doing what voxgate does on a call: session.update, response.create for
// the greeting, then, once the greeting has played, the caller's line in
// real-time 20 ms appends (flite "rms", mu-law) and the agent's reply.
// Prints time to first greeting audio (client starts connecting -> first
// audio delta) and turn latency (speech_stopped -> the reply's first audio
// delta), p50/p99/max, the process's CPU per call-second and RSS per call.
//
//   bench_local_agent [--calls 20,100] [--workers N] [--agent-file F]

#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "agent/agent_server.hpp"
#include "agent/tts.hpp"
#include "audio/base64.hpp"
#include "net/ws_client.hpp"
#include "realtime/codec.hpp"

namespace {

using namespace voxgate;
namespace rt = realtime;
using Clock = std::chrono::steady_clock;

constexpr const char* kCallerLine = "i would like to book an appointment";
constexpr size_t kFrameBytes = 160;  // 20 ms of 8 kHz mu-law
constexpr int kTrailingSilenceMs = 1500;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// One simulated voxgate call leg. Every handler runs on `strand`.
struct Call : std::enable_shared_from_this<Call> {
  Call(boost::asio::io_context& io, const std::vector<uint8_t>& line)
      : strand(boost::asio::make_strand(io)), timer(strand), caller(line) {}

  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  boost::asio::steady_timer timer;
  const std::vector<uint8_t>& caller;
  std::shared_ptr<net::WsConnection> conn;
  Clock::time_point started, stopped_at, next_frame;
  std::optional<double> first_greeting_ms, turn_ms;
  int responses_done = 0;
  size_t sent = 0;
  bool greeting_heard = false, failed = false, finished = false;
  std::function<void()> on_finished;

  void start(uint16_t port) {
    started = Clock::now();
    net::ClientOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(port) + "/v1/realtime?model=local";
    net::WsClient::connect(strand, o, [self = shared_from_this()](net::ConnectResult r) {
      if (!r) return self->finish(true);
      self->conn = *r;
      self->conn->start({[self](std::string_view t) { self->on_text(t); },
                         [self](const net::CloseInfo&) { self->finish(!self->turn_ms); }});
      rt::SessionConfig cfg;
      cfg.turn_detection->silence_duration_ms = 500;
      self->conn->send(rt::encode(rt::ClientEvent{rt::SessionUpdate{cfg}}, rt::Dialect::kGA));
      self->conn->send(rt::encode(rt::ClientEvent{rt::ResponseCreate{}}, rt::Dialect::kGA));
    });
  }

  void on_text(std::string_view text) {
    auto ev = rt::parse_server_event(text);
    if (!ev) return;
    const auto now = Clock::now();
    if (std::holds_alternative<rt::AudioDelta>(*ev)) {
      if (!first_greeting_ms) first_greeting_ms = ms_between(started, now);
      if (responses_done == 1 && stopped_at != Clock::time_point{} && !turn_ms) {
        turn_ms = ms_between(stopped_at, now);
      }
    } else if (std::holds_alternative<rt::SpeechStopped>(*ev)) {
      stopped_at = now;
    } else if (std::holds_alternative<rt::ResponseDone>(*ev)) {
      if (++responses_done == 1) {
        next_frame = now;
        send_frame();  // the greeting has played: the caller speaks
      } else {
        conn->close();
      }
    }
  }

  // Real time: one 20 ms frame every 20 ms, then silence for the VAD.
  void send_frame() {
    if (finished) return;
    const size_t total = caller.size() + kTrailingSilenceMs * 8;
    if (sent >= total) return;
    std::vector<uint8_t> frame(kFrameBytes, 0xFF);
    for (size_t i = 0; i < kFrameBytes && sent + i < caller.size(); ++i)
      frame[i] = caller[sent + i];
    sent += kFrameBytes;
    conn->send(rt::encode_audio_append(audio::base64_encode(frame)));
    next_frame += std::chrono::milliseconds(20);
    timer.expires_at(next_frame);
    timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->send_frame();
    });
  }

  void finish(bool fail) {
    if (finished) return;
    finished = true;
    failed = fail;
    timer.cancel();
    on_finished();
  }
};

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
  size_t n = 0;
};

Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  p.n = v.size();
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto rank = [&](double q) {
    const auto i = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
    return v[std::max<size_t>(1, i) - 1];
  };
  p.p50 = rank(0.5);
  p.p99 = rank(0.99);
  p.max = v.back();
  return p;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

long rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

int run(int n, const agent::AgentServerOptions& base, const std::vector<uint8_t>& line) {
  boost::asio::io_context io;
  const auto t_boot = Clock::now();
  auto server = agent::LocalAgentServer::start(io, base);
  if (!server) {
    std::fprintf(stderr, "local agent: %s\n", server.error().c_str());
    return 1;
  }
  const double startup_s = ms_between(t_boot, Clock::now()) / 1000.0;
  const long rss_idle = rss_kib();
  std::vector<std::shared_ptr<Call>> calls;
  std::mutex mu;
  int open_calls = n;
  long rss_peak = rss_idle;
  for (int i = 0; i < n; ++i) {
    calls.push_back(std::make_shared<Call>(io, line));
    calls.back()->on_finished = [&] {
      std::lock_guard lock(mu);
      if (--open_calls == 0) io.stop();
    };
  }
  // RSS sampled every 100 ms while the calls run.
  boost::asio::steady_timer sampler(io);
  std::function<void()> sample = [&] {
    {
      std::lock_guard lock(mu);
      rss_peak = std::max(rss_peak, rss_kib());
    }
    sampler.expires_after(std::chrono::milliseconds(100));
    sampler.async_wait([&](boost::system::error_code ec) {
      if (!ec) sample();
    });
  };
  sample();
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  // All N calls start together, as in the issue (callsim's ramp of N per second).
  for (auto& c : calls)
    boost::asio::post(c->strand, [c, port = (*server)->port()] { c->start(port); });
  std::vector<std::thread> threads;
  const unsigned io_threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 1; i < io_threads; ++i) threads.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  const double wall = ms_between(t0, Clock::now()) / 1000.0;
  const double cpu = cpu_seconds() - cpu0;
  std::vector<double> first, turn;
  double call_seconds = 0;
  int ok = 0;
  for (const auto& c : calls) {
    if (c->first_greeting_ms) first.push_back(*c->first_greeting_ms);
    if (c->turn_ms) turn.push_back(*c->turn_ms);
    if (!c->failed) ++ok;
  }
  call_seconds = wall * n;  // every call lives about the whole run
  const auto g = percentiles(first);
  const auto t = percentiles(turn);
  std::printf(
      "%4d calls (%d ok, %d workers): first greeting audio p50 %.0f ms p99 %.0f ms max %.0f ms; "
      "turn latency p50 %.0f ms p99 %.0f ms max %.0f ms (%zu turns); CPU %.1f ms per "
      "call-second; RSS %.0f KiB per call (idle %ld KiB); start-up %.2f s; run %.1f s\n",
      n, ok, base.workers, g.p50, g.p99, g.max, t.p50, t.p99, t.max, t.n,
      1000.0 * cpu / call_seconds, static_cast<double>(rss_peak - rss_idle) / n, rss_idle,
      startup_s, wall);
  (*server)->stop();
  return ok == n ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> counts{20, 100};
  agent::AgentServerOptions opts;
  opts.agent_file = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--calls") {
      counts.clear();
      std::stringstream ss(v);
      for (std::string x; std::getline(ss, x, ',');) counts.push_back(std::stoi(x));
    } else if (k == "--workers") {
      opts.workers = std::stoi(v);
    } else if (k == "--agent-file") {
      opts.agent_file = v;
    } else {
      std::fprintf(stderr, "usage: %s [--calls 20,100] [--workers N] [--agent-file F]\n", argv[0]);
      return 2;
    }
  }
  const std::vector<uint8_t> line = agent::Tts("rms").synthesize_ulaw8k(kCallerLine);
  int rc = 0;
  for (int n : counts) rc |= run(n, opts, line);
  return rc;
}
