#pragma once
// What the offline demos (`voxgate demo`, `voxgate demo-transfer`) share: the
// caller's lines synthesised into a WAV, the demo defaults on top of the
// user's flags, and the simulated call to voxgate's media path.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "app/config_options.hpp"
#include "callsim/simulation.hpp"
#include "config/config.hpp"

namespace voxgate::app {

struct CallerLine {
  double at_s;       // when the caller starts saying it, from the call's start
  const char* text;  // what the caller says
};

// Writes an 8 kHz mono WAV at `path`, `seconds` long: each line in flite's
// "rms" voice (the local agent speaks with "slt") at its time, silence
// between. Throws std::runtime_error when the file cannot be written.
void write_caller_wav(const std::string& path, std::span<const CallerLine> lines, double seconds);

// The user's flags plus the demo defaults: the local agent, an ephemeral
// loopback port and the call database at `db_path`. Prints a configuration
// error to stderr and returns nothing when the result is invalid.
std::optional<config::Config> load_demo_config(ConfigArgs args, const std::string& db_path);

// One simulated call playing `wav` to voxgate on 127.0.0.1:`port`, in
// `carrier`'s media-stream dialect at that carrier's media path.
callsim::SimOptions demo_call(uint16_t port, const std::string& wav, double seconds,
                              callsim::Carrier carrier = callsim::Carrier::kTwilio);

}  // namespace voxgate::app
