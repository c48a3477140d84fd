#pragma once
// Runs an io_context until it is stopped or out of work, surviving a handler
// that throws: the exception is logged as an error and the loop goes on, so
// one handler's bug does not end the process (STYLE.md "Errors": handlers
// should not throw; this is the last line). Call from the thread that runs
// the context.

#include <boost/asio/io_context.hpp>
#include <string_view>

namespace voxgate::app {

void run_loop(boost::asio::io_context& io, std::string_view name);

}  // namespace voxgate::app
