#pragma once
// Private to the realtime codec: strict base64 validity (RFC 4648 alphabet,
// length a multiple of 4, '=' only as the last one or two characters).
//
// Hand-written because OpenSSL's EVP_DecodeBlock decodes rather than checks
// (and tolerates whitespace). The audio helper is writing audio/base64.hpp
// with `bool base64_valid(std::string_view)`; once merged, swap this for it.

#include <string_view>

namespace voxgate::realtime::detail {

bool base64_strict_valid(std::string_view text);

}  // namespace voxgate::realtime::detail
