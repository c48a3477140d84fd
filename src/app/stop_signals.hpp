#pragma once
// StopSignals: SIGINT and SIGTERM, caught on a thread of its own from
// construction to destruction. The first signal ends wait(); every later one
// runs the on_again() callback (serve: end the shutdown grace now). While it
// lives no SIGINT/SIGTERM kills the process, so the records of calls ended at
// shutdown are all written (BEHAVIOUR 6) even when the operator signals twice.
//
// Owner: a command. Thread affinity: construct, wait() and destroy on the
// command's thread; on_again() from any thread; the callback runs on the
// signal thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace voxgate::app {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  void wait();  // until the first signal (returns at once if one came already)
  void on_again(std::function<void()> again);

 private:
  void arm();

  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::mutex mu_;
  std::condition_variable cv_;
  int received_ = 0;
  std::function<void()> again_;
  std::thread thread_;  // started by the constructor once the wait is armed
};

}  // namespace voxgate::app
