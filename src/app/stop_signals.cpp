#include "app/stop_signals.hpp"

#include <spdlog/spdlog.h>

#include <csignal>

#include "app/run_loop.hpp"

namespace voxgate::app {

StopSignals::StopSignals() : signals_(io_, SIGINT, SIGTERM) {
  arm();  // before the thread runs: the pending wait is what keeps run() going
  thread_ = std::thread([this] { run_loop(io_, "signal"); });
}

StopSignals::~StopSignals() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void StopSignals::arm() {
  signals_.async_wait([this](boost::system::error_code ec, int sig) {
    if (ec) return;  // cancelled: shutting down
    std::function<void()> again;
    int n = 0;
    {
      std::lock_guard lock(mu_);
      n = ++received_;
      if (n > 1) again = again_;
    }
    if (n == 1) {
      spdlog::info("signal {}: shutting down (signal again to end live calls now)", sig);
      cv_.notify_all();
    } else {
      spdlog::warn("signal {} again: ending live calls now; queued records are still written", sig);
      if (again) again();
    }
    arm();
  });
}

void StopSignals::wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return received_ > 0; });
}

void StopSignals::on_again(std::function<void()> again) {
  std::lock_guard lock(mu_);
  again_ = std::move(again);
}

}  // namespace voxgate::app
