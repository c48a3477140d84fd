// libFuzzer: strict base64 (audio/base64.hpp) on arbitrary bytes. decode and
// valid must agree; whatever decodes must re-encode to exactly the input
// (the canonical-encoding rule) and to the promised size.
// Corpus: fuzz/corpus/base64/.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "audio/base64.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace voxgate::audio;  // NOLINT: fuzz entry point
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<uint8_t> bytes;
  const bool ok = base64_decode(text, bytes);
  if (ok != base64_valid(text)) std::abort();
  if (!ok) {
    // Any byte string encodes to valid base64 that decodes back to it.
    std::vector<uint8_t> back;
    const std::string enc = base64_encode(std::span<const uint8_t>(data, size));
    if (!base64_decode(enc, back) || back != std::vector<uint8_t>(data, data + size)) std::abort();
    return 0;
  }
  if (bytes.size() != base64_decoded_size(text)) std::abort();
  if (base64_encode(bytes) != text) std::abort();
  return 0;
}
