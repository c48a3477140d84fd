#pragma once
// The one byte range of a Range header (RFC 9110 14.2): "bytes=a-b", "a-"
// or "-n" over a representation of `size` bytes, so that a browser's audio
// element can seek in a recording. Syntax this does not serve (other units,
// several ranges, malformed) is ignored, as 14.2 allows: the whole
// representation is sent. A range that starts past the end, or a suffix of
// zero bytes, is unsatisfiable (416). Pure.

#include <cstdint>
#include <optional>
#include <string_view>

namespace voxgate::server {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
};

struct RangeAnswer {
  enum class Kind { kWhole, kPartial, kUnsatisfiable } kind = Kind::kWhole;
  ByteRange range;  // kPartial only
};

RangeAnswer byte_range(std::optional<std::string_view> header, uint64_t size);

}  // namespace voxgate::server
