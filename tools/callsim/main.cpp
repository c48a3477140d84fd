// callsim: caller simulator and load generator in each carrier's media-stream
// dialect (dialect.hpp).
// The command line only; the simulation lives in callsim_lib (simulation.hpp).

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "callsim/cli.hpp"
#include "callsim/simulation.hpp"

int main(int argc, char** argv) {
  using namespace voxgate::callsim;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = parse_args(args);
  if (auto* exit = std::get_if<CliExit>(&parsed)) {
    std::fprintf(exit->exit_code == kExitOk ? stdout : stderr, "%s\n", exit->text.c_str());
    return exit->exit_code;
  }
  const SimReport report = run_simulation(std::get<SimOptions>(std::move(parsed)));
  std::fputs(summary_text(report).c_str(), stdout);
  return report.success() ? kExitOk : kExitCallsFailed;
}
