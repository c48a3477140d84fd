// libFuzzer: every carrier's caller-leg codec on arbitrary bytes, split at
// newlines into the frames of one stream (so Telnyx's reordering sees runs of
// media). Nothing may throw or crash; every event a frame releases is drained
// through next(); a codec never releases more media than it was given frames;
// a binary frame is media or a rejection; and whatever the stream did, the
// codec's actions stay valid JSON (its audio, for a binary dialect, PCM).
// Corpus: fuzz/corpus/carrier_codecs/.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "telephony/exotel/caller_leg_codec.hpp"
#include "telephony/plivo/caller_leg_codec.hpp"
#include "telephony/telnyx/caller_leg_codec.hpp"
#include "telephony/twilio/caller_leg_codec.hpp"
#include "telephony/vonage/caller_leg_codec.hpp"

namespace {

using namespace voxgate::telephony;  // NOLINT: fuzz entry point

void expect_json(const std::string& text) {
  boost::system::error_code ec;
  boost::json::parse(text, ec);
  if (ec) std::abort();
}

void run(CallerCodec& codec, std::string_view data) {
  size_t frames = 0, media_out = 0;
  while (!data.empty()) {
    const size_t end = data.find('\n');
    const std::string_view frame = data.substr(0, end);
    ++frames;
    if (auto r = codec.parse(frame)) {
      media_out += std::holds_alternative<CallerMedia>(*r);
      while (auto more = codec.next()) media_out += std::holds_alternative<CallerMedia>(*more);
    }
    if (media_out > frames) std::abort();
    // A dialect with binary audio (Vonage) gets each frame as binary too.
    if (codec.traits().binary_frames) {
      auto r = codec.parse_binary(frame);
      if (r && !std::holds_alternative<CallerMedia>(*r)) std::abort();
    }
    if (end == std::string_view::npos) break;
    data.remove_prefix(end + 1);
  }
  const std::string played = codec.play("AAAA");
  if (codec.traits().binary_frames) {
    if (played.size() != 6) std::abort();  // three mu-law samples, 16-bit each
  } else {
    expect_json(played);
  }
  expect_json(codec.mark("m\"\n"));
  if (codec.traits().has_clear) expect_json(codec.clear());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto make :
       {&twilio::make_caller_codec, &telnyx::make_caller_codec, &plivo::make_caller_codec,
        &exotel::make_caller_codec, &vonage::make_caller_codec}) {
    run(*make(), text);
  }
  return 0;
}
