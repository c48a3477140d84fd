#pragma once
// TEMPORARY SHIM -- delete when src/audio (base64.hpp, g711.hpp, wav_writer.hpp)
// lands on main; then call those instead. Not for use outside tools/fakeai.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace voxgate::fakeai::shim {

// Audio helpers (stand-ins for audio/base64.hpp, audio/g711.hpp, audio/wav_writer.hpp).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
int16_t ulaw_to_linear(uint8_t u);
uint8_t linear_to_ulaw(int16_t pcm);
enum class WavError { kOpen, kFormat };
common::Result<std::vector<int16_t>, WavError> read_wav_mono8k(const std::string& path);

}  // namespace voxgate::fakeai::shim
