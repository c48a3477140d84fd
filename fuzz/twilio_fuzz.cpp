// libFuzzer: both Twilio parsers on arbitrary bytes. Whatever parses must
// re-encode (encode_inbound, or the three serializers) to text that parses
// back to an equal event. Corpus: fuzz/corpus/twilio/.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "telephony/twilio/codec.hpp"

namespace {

using namespace voxgate::telephony::twilio;  // NOLINT: fuzz entry point

void check_inbound(std::string_view text) {
  auto r = parse_inbound(text);
  if (!r) return;
  auto again = parse_inbound(encode_inbound(*r));
  if (!again || !(*again == *r)) std::abort();
}

struct Reencode {
  std::string operator()(const OutMedia& e) const {
    return media_message(e.stream_sid, e.payload_b64);
  }
  std::string operator()(const OutMark& e) const { return mark_message(e.stream_sid, e.name); }
  std::string operator()(const OutClear& e) const { return clear_message(e.stream_sid); }
};

void check_outbound(std::string_view text) {
  auto r = parse_outbound(text);
  if (!r) return;
  auto again = parse_outbound(std::visit(Reencode{}, *r));
  if (!again || !(*again == *r)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_inbound(text);
  check_outbound(text);
  return 0;
}
