#pragma once
// Shared assertions of the fault matrix (fault_*_test.cpp): after every
// fault the call record is complete and nothing is left behind: no live call
// in the registry, the active-calls gauge at 0, and the process's open file
// descriptors back to what they were before the call.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <filesystem>
#include <string>

#include "integration/bridge_harness.hpp"

namespace voxgate::testing {

inline int open_fd_count() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n - 1;  // the iterator's own descriptor
}

// Raises RLIMIT_NOFILE to its hard limit (500 calls need ~2000 descriptors
// in one process: caller and AI legs, both ends of each).
inline rlim_t raise_fd_limit() {
  rlimit r{};
  getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = r.rlim_max;
  setrlimit(RLIMIT_NOFILE, &r);
  return r.rlim_cur;
}

// Waits (bounded) until the harness holds no call and the fd count is back
// at `fds_before`; reports what is left otherwise.
inline void expect_nothing_left(BridgeHarness& h, int fds_before) {
  const bool clean = h.wait_for(
      [&] {
        return h.metrics().active_calls.value() == 0 && h.registry().size() == 0 &&
               open_fd_count() <= fds_before;
      },
      std::chrono::seconds(10));
  EXPECT_TRUE(clean) << "active calls " << h.metrics().active_calls.value() << ", registry "
                     << h.registry().size() << ", fds " << open_fd_count() << " (before "
                     << fds_before << ")";
}

// A finished record: ids, start and end time, an end reason.
inline void expect_complete(const store::CallRecord& rec, const std::string& end_reason) {
  EXPECT_FALSE(rec.call_sid.empty());
  EXPECT_FALSE(rec.stream_sid.empty());
  EXPECT_GT(rec.started_at_ms, 0);
  EXPECT_GE(rec.ended_at_ms, rec.started_at_ms);
  EXPECT_EQ(rec.end_reason, end_reason);
}

inline bool has_event(const store::CallRecord& rec, const std::string& kind) {
  for (const auto& e : rec.events)
    if (e.kind == kind) return true;
  return false;
}

// The first event of `kind`, or null.
inline const store::CallEventRow* find_event(const store::CallRecord& rec,
                                             const std::string& kind) {
  for (const auto& e : rec.events)
    if (e.kind == kind) return &e;
  return nullptr;
}

}  // namespace voxgate::testing
