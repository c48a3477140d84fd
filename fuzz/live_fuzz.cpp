// libFuzzer: the GPT-Live server-event parser on arbitrary bytes must return
// an event or an error, never throw or crash; whatever parses as an audio
// delta carries valid base64. Corpus: fuzz/corpus/live/.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "audio/base64.hpp"
#include "live/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace voxgate::live;  // NOLINT: fuzz entry point
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = parse_server_event(text);
  if (!r) return 0;
  if (const auto* a = std::get_if<OutputAudioDelta>(&*r)) {
    if (!voxgate::audio::base64_valid(a->delta_b64)) std::abort();
  }
  return 0;
}
