#pragma once
// Strict standard base64 (RFC 4648 section 4, with '=' padding), for the
// media payloads of both legs (PROTOCOLS.md). Stateless: safe on any thread.
//
// "Strict" means: length a multiple of 4, only the 64 alphabet characters,
// at most two '=' and only at the end, no whitespace, and zero unused bits in
// the last group (the canonical encoding), so decode(x) re-encodes to x.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace voxgate::audio {

// Replaces out's content; reuses its capacity.
void base64_encode(std::span<const uint8_t> in, std::string& out);
std::string base64_encode(std::span<const uint8_t> in);

// Replaces out's content. Returns false (out unspecified) on any invalid input.
bool base64_decode(std::string_view in, std::vector<uint8_t>& out);

// True when in is strict base64 (see above); decodes nothing.
bool base64_valid(std::string_view in);

// Number of bytes strict base64 `in` decodes to; only meaningful if valid.
size_t base64_decoded_size(std::string_view in);

}  // namespace voxgate::audio
