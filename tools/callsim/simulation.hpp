#pragma once
// The in-process API of callsim: run simulated calls (in opts.carrier's dialect) against a media
// WebSocket and get a SimReport. Used by the CLI (main.cpp), the integration
// tests and the load bench.

#include <boost/asio/io_context.hpp>
#include <functional>

#include "callsim/options.hpp"
#include "callsim/report.hpp"

namespace voxgate::callsim {

// Starts opts.calls calls on `ioc` (ramped at opts.ramp_per_sec), each on its
// own strand, and returns at once. `done` runs once, on one of ioc's threads,
// when every call has ended (immediately-posted if the options are unusable:
// then report.setup_error says why). Writes opts.json_path if set. The caller
// runs `ioc` on as many threads as it likes; opts.threads is ignored here.
void run_calls(boost::asio::io_context& ioc, SimOptions opts, std::function<void(SimReport)> done);

// Runs its own io_context on opts.threads threads until every call has
// ended; returns the report. Blocking; safe to call from any thread.
SimReport run_simulation(SimOptions opts);

}  // namespace voxgate::callsim
