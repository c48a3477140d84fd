#include "app/run_loop.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace voxgate::app {

void run_loop(boost::asio::io_context& io, std::string_view name) {
  for (;;) {
    try {
      io.run();  // returns when stopped or out of work
      return;
    } catch (const std::exception& e) {
      spdlog::error("{} loop: a handler threw: {}; the loop goes on", name, e.what());
    } catch (...) {
      spdlog::error("{} loop: a handler threw a non-standard exception; the loop goes on", name);
    }
  }
}

}  // namespace voxgate::app
