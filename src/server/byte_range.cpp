#include "server/byte_range.hpp"

#include <charconv>

namespace voxgate::server {
namespace {

using Kind = RangeAnswer::Kind;

// All of `s` as a decimal number; nullopt when empty, not digits or too big.
std::optional<uint64_t> number(std::string_view s) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

RangeAnswer partial(uint64_t first, uint64_t last) {
  return {Kind::kPartial, {first, last}};
}

}  // namespace

RangeAnswer byte_range(std::optional<std::string_view> header, uint64_t size) {
  constexpr std::string_view kUnit = "bytes=";
  if (!header || !header->starts_with(kUnit)) return {};
  const std::string_view spec = header->substr(kUnit.size());
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) return {};
  const std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  if (a.empty()) {  // "-n": the last n bytes
    const auto n = number(b);
    if (!n) return {};
    if (*n == 0 || size == 0) return {Kind::kUnsatisfiable, {}};
    return partial(*n >= size ? 0 : size - *n, size - 1);
  }
  const auto first = number(a);
  const auto last = b.empty() ? std::optional<uint64_t>(UINT64_MAX) : number(b);
  if (!first || !last || *last < *first) return {};
  if (*first >= size) return {Kind::kUnsatisfiable, {}};
  return partial(*first, *last < size ? *last : size - 1);
}

}  // namespace voxgate::server
