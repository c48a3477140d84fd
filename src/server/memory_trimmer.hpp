#pragma once
// MemoryTrimmer: hands the memory that ended calls freed back to the OS
// (bench/README.md "Soak").
//
// Why: glibc malloc keeps freed chunks in the arena of the thread that used
// them and returns memory to the OS only from the top of a heap (or for
// blocks above the mmap threshold). A call's buffers (WebSocket frames, JSON
// documents, audio queues) are freed in the middle of an arena, so after a
// peak of live calls the process keeps the peak's RSS for good: the soak
// showed RSS stepping up 47 -> 58 MB and staying there after every call had
// ended, with heaptrack finding no leak (the live heap went back to its
// idle size). malloc_trim(0) gives every whole free page of every arena back
// (madvise), so RSS follows the live heap again. It costs a walk of the free
// lists under each arena's lock (milliseconds at soak sizes; see the
// voxgate_malloc_trim_seconds histogram), so it runs on a timer, not per call.
//
// MemoryTrimPolicy decides when (pure, tested with explicit times);
// MemoryTrimmer runs it on a timer of the io_context.
//
// Owner: the app (one per server); destroy it after the io threads have
// joined and before the io_context. Thread affinity: start() once, then its
// one timer chain runs on an io thread, one handler at a time.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <optional>

#include "common/clock.hpp"

namespace voxgate::server {

class MemoryTrimPolicy {
 public:
  // `interval`: the least time between two trims while calls are live.
  explicit MemoryTrimPolicy(common::Millis interval) : interval_(interval) {}

  // Whether to trim now. `frames` is any counter that rises while calls move
  // media (frames in): without activity since the last trim nothing was freed.
  // Trims at once when no call is live any more (their memory is all free),
  // otherwise at most once per interval.
  bool due(common::TimePoint now, int64_t live_calls, uint64_t frames);
  // Record that a trim ran at `now` with the counter at `frames`.
  void trimmed(common::TimePoint now, uint64_t frames);

 private:
  common::Millis interval_;
  std::optional<common::TimePoint> last_;
  uint64_t frames_at_last_ = 0;
};

class MemoryTrimmer {
 public:
  struct Inputs {
    std::function<int64_t()> live_calls;
    std::function<uint64_t()> frames;
    // Called with the seconds each trim took.
    std::function<void(double)> on_trim;
  };
  // `check_every`: how often the policy is asked (the idle trim comes at
  // most this long after the last call ends).
  MemoryTrimmer(boost::asio::io_context& io, common::Millis interval, common::Millis check_every,
                Inputs in);

  void start();

 private:
  void schedule();
  void check();

  boost::asio::steady_timer timer_;
  common::Millis check_every_;
  Inputs in_;
  MemoryTrimPolicy policy_;
  common::SteadyClock clock_;
};

}  // namespace voxgate::server
