#include "realtime/base64_check.hpp"

#include <array>
#include <cstdint>

namespace voxgate::realtime::detail {
namespace {

constexpr std::array<bool, 256> make_alphabet() {
  std::array<bool, 256> t{};
  for (char c = 'A'; c <= 'Z'; ++c) t[static_cast<uint8_t>(c)] = true;
  for (char c = 'a'; c <= 'z'; ++c) t[static_cast<uint8_t>(c)] = true;
  for (char c = '0'; c <= '9'; ++c) t[static_cast<uint8_t>(c)] = true;
  t['+'] = true;
  t['/'] = true;
  return t;
}

constexpr std::array<bool, 256> kAlphabet = make_alphabet();

}  // namespace

bool base64_strict_valid(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  std::size_t n = text.size();
  if (n > 0 && text[n - 1] == '=') --n;
  if (n > 0 && text[n - 1] == '=' && n + 1 == text.size()) --n;
  // Branch-free accumulate: the hot path checks every byte of every delta.
  bool ok = true;
  for (std::size_t i = 0; i < n; ++i) ok &= kAlphabet[static_cast<uint8_t>(text[i])];
  return ok;
}

}  // namespace voxgate::realtime::detail
