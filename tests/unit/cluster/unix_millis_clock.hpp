#pragma once
// Unix time as a common::TimePoint (what bridge::UnixClock gives the app),
// for the tests of keys whose expiry every instance must read alike.

#include <chrono>
#include <cstdint>

#include "common/clock.hpp"

namespace voxgate::cluster::test {

class UnixMillisClock final : public common::Clock {
 public:
  common::TimePoint now() const override {
    return common::TimePoint(std::chrono::duration_cast<common::Duration>(
        std::chrono::system_clock::now().time_since_epoch()));
  }
  int64_t unix_ms() const {
    return std::chrono::duration_cast<common::Millis>(now().time_since_epoch()).count();
  }
};

}  // namespace voxgate::cluster::test
