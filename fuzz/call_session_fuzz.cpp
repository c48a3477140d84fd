// libFuzzer target: fuzz input = a sequence of CallSession inputs with
// increasing times (decoded by tests/fakes/call/session_driver.hpp);
// any invariant violation aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "../tests/fakes/call/session_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t pos = 0;
  auto next = [&]() -> uint8_t { return pos < size ? data[pos++] : 0; };
  auto more = [&] { return pos < size; };
  auto report = voxgate::call::testing::drive_session(next, more, 4096);
  if (report.violation) {
    std::fprintf(stderr, "invariant violated: %s\n", report.violation->c_str());
    std::abort();
  }
  return 0;
}
