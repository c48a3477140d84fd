#include "server/memory_trimmer.hpp"

#include <malloc.h>

#include <chrono>

namespace voxgate::server {

bool MemoryTrimPolicy::due(common::TimePoint now, int64_t live_calls, uint64_t frames) {
  if (frames == frames_at_last_) return false;  // nothing moved, nothing was freed
  if (live_calls == 0) return true;             // every call's memory is free now
  return !last_ || now - *last_ >= interval_;
}

void MemoryTrimPolicy::trimmed(common::TimePoint now, uint64_t frames) {
  last_ = now;
  frames_at_last_ = frames;
}

MemoryTrimmer::MemoryTrimmer(boost::asio::io_context& io, common::Millis interval,
                             common::Millis check_every, Inputs in)
    : timer_(io), check_every_(check_every), in_(std::move(in)), policy_(interval) {}

void MemoryTrimmer::start() {
  schedule();
}

void MemoryTrimmer::schedule() {
  timer_.expires_after(check_every_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // operation_aborted: shutting down
    check();
    schedule();
  });
}

void MemoryTrimmer::check() {
  const auto now = clock_.now();
  const uint64_t frames = in_.frames();
  if (!policy_.due(now, in_.live_calls(), frames)) return;
  malloc_trim(0);  // glibc: release free pages of every arena, not only the main heap's top
  const auto done = clock_.now();
  policy_.trimmed(done, frames);
  if (in_.on_trim) in_.on_trim(std::chrono::duration<double>(done - now).count());
}

}  // namespace voxgate::server
