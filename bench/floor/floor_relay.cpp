// bench_floor: what the kernel alone charges a relay for voxgate's message
// pattern on loopback (bench/README.md "The loopback floor").
//
// A driver thread plays both peers (the carrier's caller and the AI server)
// over real loopback TCP sockets; a relay thread moves the messages between
// them the way voxgate does, but with nothing above the system calls: no
// WebSocket framing, no JSON, no Asio. Each message is a 4-byte header and
// filler bytes of the size voxgate's messages have. The relay's CPU per
// call-second is the floor under any bridge's for this traffic: what the
// issue's "physical reference" estimates, measured.
//
// Written on epoll by hand on purpose: the point is to see what no library
// adds, so the bench must not carry one (ARCHITECTURE.md "Dependencies").
//
// Per call and second, by default (bench/load's pattern, bench/README.md):
//   caller -> relay: 50 frames of 20 ms, and the marks echoed back;
//   relay -> AI: one append per 2 frames (call.append_interval_ms, 40);
//   AI -> relay: a delta every 100 ms while a response plays;
//   relay -> caller: each delta as a media message, then a mark.

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int calls = 200;
  int seconds = 30;
  int warmup_seconds = 3;
  int frame_bytes = 330;  // a Twilio media event with a 160-byte payload
  int frame_ms = 20;
  int frames_per_append = 2;  // call.append_interval_ms = 40
  int append_bytes = 490;     // input_audio_buffer.append of 320 bytes of audio
  int delta_bytes = 1220;     // response.output_audio.delta of 800 bytes
  int delta_ms = 100;
  int response_percent = 80;  // share of each 3 s turn a response plays
  int media_bytes = 1160;     // the delta as a Twilio media message
  int mark_bytes = 90;
  int pace_us = 0;  // 0: woken by each message, as Asio's loop is
  bool level_triggered = false;
  bool pin = true;
};

enum : uint8_t { kFrame = 1, kAppend = 2, kDelta = 3, kMedia = 4, kMark = 5 };

struct Counts {
  uint64_t sends = 0, recvs = 0, recv_empty = 0, waits = 0, messages = 0;
};

// The relay thread's own CPU time (getrusage of the calling thread).
struct Cpu {
  double user_ms = 0, sys_ms = 0;
  static Cpu now() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    return {ms(u.ru_utime), ms(u.ru_stime)};
  }
};

// What the relay did inside the measured window: taken by the relay thread
// itself at the window's two ends, so nothing is shared while it runs.
struct Window {
  Counts counts_at_start, counts_at_end;
  Cpu cpu_at_start, cpu_at_end;
  Clock::time_point from, to;
};

[[noreturn]] void die(const char* what) {
  std::perror(what);
  std::exit(1);
}

void pin_to(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) die("pin");
}

void nonblocking(int fd) {
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) die("fcntl");
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// A message: length (2 bytes, little-endian, header included), type, spare.
std::string message(uint8_t type, int bytes) {
  std::string m(static_cast<size_t>(bytes), 'x');
  m[0] = static_cast<char>(bytes & 0xff);
  m[1] = static_cast<char>(bytes >> 8);
  m[2] = static_cast<char>(type);
  return m;
}

// Bytes read from one socket, cut into whole messages.
struct Inbox {
  std::string bytes;
  template <typename OnMessage>
  void take(const char* data, size_t n, OnMessage&& on_message) {
    bytes.append(data, n);
    size_t at = 0;
    while (bytes.size() - at >= 3) {
      const size_t len = static_cast<uint8_t>(bytes[at]) | static_cast<uint8_t>(bytes[at + 1]) << 8;
      if (bytes.size() - at < len) break;
      on_message(static_cast<uint8_t>(bytes[at + 2]));
      at += len;
    }
    bytes.erase(0, at);
  }
};

// Reads what is there; false when the peer is gone. Edge-triggered reads
// until EAGAIN (as Asio does); level-triggered reads once per readiness.
template <typename OnMessage>
bool drain(int fd, Inbox& inbox, bool until_empty, Counts& c, OnMessage&& on_message) {
  char buf[65536];
  for (;;) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    ++c.recvs;
    if (n > 0) {
      inbox.take(buf, static_cast<size_t>(n), on_message);
      if (!until_empty) return true;
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      ++c.recv_empty;
      return true;
    }
    return false;
  }
}

void send_all(int fd, const std::string& m, Counts& c) {
  ++c.sends;
  // Loopback buffers are far larger than this traffic: a short send is a bench failure.
  if (send(fd, m.data(), m.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(m.size()))
    throw std::runtime_error("short send");
}

struct Call {
  int relay_caller = -1, relay_ai = -1;    // the relay's two sockets
  int driver_caller = -1, driver_ai = -1;  // the peers' ends
  Inbox relay_caller_in, relay_ai_in, driver_caller_in, driver_ai_in;
  int frames = 0;
};

struct Bench {
  Options opt;
  std::vector<Call> calls;
  std::atomic<bool> stop{false};
  std::atomic<bool> measuring{false};
  Counts relay_counts;
  Window window;
};

sockaddr_in loopback(uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return a;
}

int listen_loopback(uint16_t& port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(0);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 1024) != 0)
    die("listen");
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

// One connected pair: the driver's end and the relay's.
std::pair<int, int> connect_pair(int listener, uint16_t port) {
  const int c = socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in a = loopback(port);
  if (c < 0 || connect(c, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) die("connect");
  const int s = accept(listener, nullptr, nullptr);
  if (s < 0) die("accept");
  nonblocking(c);
  nonblocking(s);
  return {c, s};
}

// Socket ids in epoll data: call index * 2 + (0 caller, 1 AI).
void watch(int ep, int fd, uint64_t id, bool edge) {
  epoll_event ev{};
  ev.events = EPOLLIN | (edge ? EPOLLET : 0u);
  ev.data.u64 = id;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) die("epoll_ctl");
}

void relay(Bench& b) {
  if (b.opt.pin) pin_to(1);
  const int ep = epoll_create1(0);
  const bool edge = !b.opt.level_triggered;
  for (size_t i = 0; i < b.calls.size(); ++i) {
    watch(ep, b.calls[i].relay_caller, i * 2, edge);
    watch(ep, b.calls[i].relay_ai, i * 2 + 1, edge);
  }
  const std::string append = message(kAppend, b.opt.append_bytes);
  const std::string media = message(kMedia, b.opt.media_bytes);
  const std::string mark = message(kMark, b.opt.mark_bytes);
  Counts& c = b.relay_counts;
  epoll_event events[256];
  bool started = false;
  bool found_work = false;
  while (!b.stop.load(std::memory_order_relaxed)) {
    if (!started && b.measuring.load(std::memory_order_relaxed)) {
      started = true;
      b.window.counts_at_start = c;
      b.window.cpu_at_start = Cpu::now();
      b.window.from = Clock::now();
    }
    // Paced: after a round that found work, sleep out the pace and then
    // collect whatever arrived meanwhile in one look, instead of being woken
    // by each message; a round that found nothing blocks as usual.
    if (b.opt.pace_us > 0 && found_work)
      std::this_thread::sleep_for(std::chrono::microseconds(b.opt.pace_us));
    const int n = epoll_wait(ep, events, 256, b.opt.pace_us > 0 && found_work ? 0 : 100);
    found_work = n > 0;
    ++c.waits;
    for (int e = 0; e < n; ++e) {
      Call& call = b.calls[events[e].data.u64 / 2];
      if (events[e].data.u64 % 2 == 0) {
        drain(call.relay_caller, call.relay_caller_in, edge, c, [&](uint8_t type) {
          ++c.messages;
          if (type == kFrame && ++call.frames % b.opt.frames_per_append == 0)
            send_all(call.relay_ai, append, c);
        });
      } else {
        drain(call.relay_ai, call.relay_ai_in, edge, c, [&](uint8_t) {
          ++c.messages;
          send_all(call.relay_caller, media, c);
          send_all(call.relay_caller, mark, c);
        });
      }
    }
  }
  b.window.counts_at_end = c;
  b.window.cpu_at_end = Cpu::now();
  b.window.to = Clock::now();
  close(ep);
}

// The peers: each call's frames every frame_ms and deltas every delta_ms
// during the response part of a 3 s turn, phases spread over the calls; the
// caller echoes each mark. The driver blocks in epoll_wait between sends, as
// callsim and fakeai do, so the relay's sends wake it as they wake them.
void drive(Bench& b) {
  if (b.opt.pin) pin_to(0);
  const Options& o = b.opt;
  const int ep = epoll_create1(0);
  for (size_t i = 0; i < b.calls.size(); ++i) {
    watch(ep, b.calls[i].driver_caller, i * 2, false);
    watch(ep, b.calls[i].driver_ai, i * 2 + 1, false);
  }
  const std::string frame = message(kFrame, o.frame_bytes);
  const std::string delta = message(kDelta, o.delta_bytes);
  const std::string echo = message(kMark, o.mark_bytes);
  Counts ignored;
  const auto start = Clock::now();
  const int64_t n = static_cast<int64_t>(b.calls.size());
  std::vector<int64_t> next_frame(b.calls.size()), next_delta(b.calls.size());
  for (int64_t i = 0; i < n; ++i) {
    next_frame[i] = i * o.frame_ms * 1000 / n;
    next_delta[i] = i * o.delta_ms * 1000 / n;
  }
  constexpr int64_t kTurnUs = 3'000'000;
  const int64_t response_us = kTurnUs * o.response_percent / 100;
  epoll_event events[256];
  while (!b.stop.load(std::memory_order_relaxed)) {
    const int64_t now =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
    int64_t due = now + 1000;
    for (int64_t i = 0; i < n; ++i) {
      Call& call = b.calls[i];
      for (; next_frame[i] <= now; next_frame[i] += o.frame_ms * 1000)
        send_all(call.driver_caller, frame, ignored);
      for (; next_delta[i] <= now; next_delta[i] += o.delta_ms * 1000)
        if ((next_delta[i] + i * 7919) % kTurnUs < response_us)
          send_all(call.driver_ai, delta, ignored);
      due = std::min({due, next_frame[i], next_delta[i]});
    }
    // To the microsecond, as callsim's and fakeai's per-call timers send: a
    // driver that sent in 1 ms bursts would let the relay find many messages
    // per wake-up and flatter the floor.
    const int64_t wait_us = std::max<int64_t>(0, due - now);
    const timespec wait{static_cast<time_t>(wait_us / 1'000'000),
                        static_cast<long>(wait_us % 1'000'000 * 1000)};
    const int ready = epoll_pwait2(ep, events, 256, &wait, nullptr);
    for (int e = 0; e < ready; ++e) {
      Call& call = b.calls[events[e].data.u64 / 2];
      if (events[e].data.u64 % 2 == 0) {
        drain(call.driver_caller, call.driver_caller_in, true, ignored, [&](uint8_t type) {
          if (type == kMark) send_all(call.driver_caller, echo, ignored);
        });
      } else {
        drain(call.driver_ai, call.driver_ai_in, true, ignored, [](uint8_t) {});
      }
    }
  }
  close(ep);
}

int parse_int(const char* flag, const char* value) {
  char* end = nullptr;
  const long v = std::strtol(value, &end, 10);
  if (*value == '\0' || *end != '\0' || v < 0 || v > 1'000'000) {
    std::fprintf(stderr, "bench_floor: %s wants a non-negative integer, got '%s'\n", flag, value);
    std::exit(2);
  }
  return static_cast<int>(v);
}

void usage() {
  std::puts(
      "bench_floor: the kernel's share of relaying voxgate's loopback traffic\n"
      "  --calls N            concurrent calls (200)\n"
      "  --seconds S          measured seconds, after 3 s of warm-up (30)\n"
      "  --level-triggered    one recv per readiness instead of reading until EAGAIN\n"
      "  --pace-us P          after a round with work, sleep P us and then collect\n"
      "                       everything that arrived, instead of waking per message\n"
      "  --no-pin             do not pin the relay to CPU 1 and the peers to CPU 0\n"
      "  --frame-bytes, --append-bytes, --delta-bytes, --media-bytes, --mark-bytes B\n"
      "  --frame-ms, --delta-ms MS, --frames-per-append N, --response-percent P\n"
      "Prints the relay thread's CPU per call-second and its system calls.");
}

Options parse(int argc, char** argv) {
  Options o;
  struct Flag {
    const char* name;
    int* value;
  } flags[] = {{"--calls", &o.calls},
               {"--seconds", &o.seconds},
               {"--frame-bytes", &o.frame_bytes},
               {"--frame-ms", &o.frame_ms},
               {"--frames-per-append", &o.frames_per_append},
               {"--append-bytes", &o.append_bytes},
               {"--delta-bytes", &o.delta_bytes},
               {"--delta-ms", &o.delta_ms},
               {"--response-percent", &o.response_percent},
               {"--media-bytes", &o.media_bytes},
               {"--mark-bytes", &o.mark_bytes},
               {"--pace-us", &o.pace_us}};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") usage(), std::exit(0);
    if (a == "--level-triggered") {
      o.level_triggered = true;
      continue;
    }
    if (a == "--no-pin") {
      o.pin = false;
      continue;
    }
    bool known = false;
    for (auto& f : flags) {
      if (a != f.name) continue;
      if (i + 1 >= argc)
        std::fprintf(stderr, "bench_floor: %s needs a value\n", f.name), std::exit(2);
      *f.value = parse_int(f.name, argv[++i]);
      known = true;
    }
    if (!known)
      std::fprintf(stderr, "bench_floor: unknown option '%s' (see --help)\n", argv[i]),
          std::exit(2);
  }
  return o;
}

// Options the run cannot use, or nullptr. A message carries its length in
// two bytes and needs its 3-byte header (message()).
const char* invalid(const Options& o) {
  if (o.calls < 1 || o.seconds < 1 || o.frame_ms < 1 || o.delta_ms < 1 || o.frames_per_append < 1)
    return "--calls, --seconds, --frame-ms, --delta-ms and --frames-per-append must be at least 1";
  for (const int bytes :
       {o.frame_bytes, o.append_bytes, o.delta_bytes, o.media_bytes, o.mark_bytes}) {
    if (bytes < 4 || bytes > 65535) return "message sizes must be 4 to 65535 bytes";
  }
  return nullptr;
}

// A short send means a peer fell more than a socket buffer behind: the run
// measures nothing any more, so it ends with a reason instead of a terminate.
template <typename Fn>
void guarded(const char* who, Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_floor: the %s stopped: %s (a peer fell behind; try fewer calls)\n",
                 who, e.what());
    std::exit(1);
  }
}

void connect_calls(Bench& b) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;  // four sockets a call
  setrlimit(RLIMIT_NOFILE, &files);
  uint16_t port = 0;
  const int listener = listen_loopback(port);
  b.calls.resize(static_cast<size_t>(b.opt.calls));
  for (Call& call : b.calls) {
    std::tie(call.driver_caller, call.relay_caller) = connect_pair(listener, port);
    std::tie(call.driver_ai, call.relay_ai) = connect_pair(listener, port);
  }
  close(listener);
}

void report(const Bench& b) {
  const Window& w = b.window;
  const double seconds = std::chrono::duration<double>(w.to - w.from).count();
  const double call_s = seconds * b.opt.calls;
  const double user = w.cpu_at_end.user_ms - w.cpu_at_start.user_ms;
  const double sys = w.cpu_at_end.sys_ms - w.cpu_at_start.sys_ms;
  auto per = [&](uint64_t Counts::*field) {
    return static_cast<double>(w.counts_at_end.*field - w.counts_at_start.*field) / call_s;
  };
  std::printf("calls %d, %.1f s measured, %s, relay %s\n", b.opt.calls, seconds,
              b.opt.level_triggered ? "level-triggered" : "edge-triggered (read until EAGAIN)",
              b.opt.pin ? "pinned to CPU 1" : "not pinned");
  std::printf("relay CPU per call-second: %.3f ms (user %.3f, sys %.3f)\n", (user + sys) / call_s,
              user / call_s, sys / call_s);
  std::printf(
      "per call-second: %.1f messages in, %.1f sends, %.1f recvs (%.1f empty), %.1f epoll_wait\n",
      per(&Counts::messages), per(&Counts::sends), per(&Counts::recvs), per(&Counts::recv_empty),
      per(&Counts::waits));
}

}  // namespace

int main(int argc, char** argv) {
  Bench b;
  b.opt = parse(argc, argv);
  if (const char* why = invalid(b.opt)) {
    std::fprintf(stderr, "bench_floor: %s\n", why);
    return 2;
  }
  connect_calls(b);
  std::thread relay_thread([&b] { guarded("relay", [&b] { relay(b); }); });
  std::thread driver_thread([&b] { guarded("driver", [&b] { drive(b); }); });
  std::this_thread::sleep_for(std::chrono::seconds(b.opt.warmup_seconds));
  b.measuring = true;
  std::this_thread::sleep_for(std::chrono::seconds(b.opt.seconds));
  b.stop = true;
  relay_thread.join();
  driver_thread.join();
  report(b);
  return 0;
}
