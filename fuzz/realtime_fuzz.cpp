// libFuzzer: both parsers on arbitrary bytes; whatever parses must re-encode
// (both dialects) to text that parses again. Corpus: fuzz/corpus/realtime/.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "realtime/codec.hpp"

namespace {

using namespace voxgate::realtime;  // NOLINT: fuzz entry point

void check_server(std::string_view text) {
  auto r = parse_server_event(text);
  if (!r) return;
  for (Dialect d : {Dialect::kGA, Dialect::kBeta}) {
    if (!parse_server_event(encode(*r, d))) std::abort();
  }
}

void check_client(std::string_view text) {
  auto r = parse_client_event(text);
  if (!r) return;
  for (Dialect d : {Dialect::kGA, Dialect::kBeta}) {
    auto again = parse_client_event(encode(*r, d));
    if (!again) std::abort();
  }
  if (const auto* a = std::get_if<AudioAppend>(&*r)) {
    if (!parse_client_event(encode_audio_append(a->audio_b64))) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_server(text);
  check_client(text);
  return 0;
}
