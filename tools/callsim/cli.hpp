#pragma once
// The callsim command line: CLI11 definitions and checks, kept out of main.cpp
// so tests can parse argument lists. Pure; any thread.

#include <string>
#include <variant>
#include <vector>

#include "callsim/options.hpp"

namespace voxgate::callsim {

// Exit codes, documented in --help.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCallsFailed = 1;
inline constexpr int kExitUsage = 2;

// Parse outcome that is not a SimOptions: print `text` and exit with `exit_code`
// (0 for --help, kExitUsage for errors).
struct CliExit {
  int exit_code = kExitUsage;
  std::string text;
};

// args excludes the program name.
std::variant<SimOptions, CliExit> parse_args(const std::vector<std::string>& args);

// "1500:5" -> {1500, "5"}; false if malformed (digit must be 0-9, *, #, A-D).
bool parse_dtmf(const std::string& spec, DtmfPress& out);

}  // namespace voxgate::callsim
