#include "common/digest.hpp"

#include <gtest/gtest.h>

namespace voxgate::common {
namespace {

// RFC 4231 test case 2 and RFC 2202 test case 2 (key "Jefe").
TEST(Digest, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Digest, HmacSha1MatchesRfc2202) {
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

// FIPS 180-2's one-block example.
TEST(Digest, Sha256OfAbc) {
  EXPECT_EQ(to_hex(sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digest, HexKeepsLeadingZeroesAndHighBytes) {
  EXPECT_EQ(to_hex(std::string("\x00\x0f\xf0\xff", 4)), "000ff0ff");
  EXPECT_EQ(to_hex(""), "");
}

TEST(Digest, ConstantTimeEqualityComparesSizeAndBytes) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "abcd"));
  EXPECT_TRUE(equal_constant_time("", ""));
}

}  // namespace
}  // namespace voxgate::common
