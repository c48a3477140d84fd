#include "audio/base64.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <string>
#include <vector>

namespace voxgate::audio {
namespace {

std::vector<uint8_t> bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, enc] : cases) {
    EXPECT_EQ(base64_encode(bytes(plain)), enc);
    std::vector<uint8_t> out{1, 2, 3};
    ASSERT_TRUE(base64_decode(enc, out)) << enc;
    EXPECT_EQ(out, bytes(plain));
    EXPECT_EQ(base64_decoded_size(enc), std::string_view(plain).size());
  }
}

TEST(Base64, EncodeReplacesAndReusesCapacity) {
  std::string out(1000, 'x');
  const auto* data = out.data();
  base64_encode(bytes("foobar"), out);
  EXPECT_EQ(out, "Zm9vYmFy");
  EXPECT_EQ(out.data(), data);
}

TEST(Base64, RoundTripsAllLengthsAndBytes) {
  std::vector<uint8_t> in;
  std::string enc;
  std::vector<uint8_t> dec;
  for (int n = 0; n < 300; ++n) {
    in.push_back(static_cast<uint8_t>(n * 37 + 11));
    base64_encode(in, enc);
    EXPECT_TRUE(base64_valid(enc));
    ASSERT_TRUE(base64_decode(enc, dec));
    EXPECT_EQ(dec, in);
  }
}

TEST(Base64, RejectsBadLength) {
  std::vector<uint8_t> out;
  for (const char* s : {"Z", "Zm", "Zm9", "Zm9vY", "Zm9vYg=", "Zm9vYg"}) {
    EXPECT_FALSE(base64_valid(s)) << s;
    EXPECT_FALSE(base64_decode(s, out)) << s;
  }
}

TEST(Base64, RejectsBadCharacters) {
  std::vector<uint8_t> out;
  for (const char* s :
       {"Zm9v YmFy", "Zm9v\nYmFy", "Zm9-", "Zm9_", "Zm\x80v", "Zm.v", "Zm9v\tmFy"}) {
    EXPECT_FALSE(base64_valid(s)) << s;
    EXPECT_FALSE(base64_decode(s, out)) << s;
  }
  EXPECT_FALSE(base64_valid(std::string_view("Zm\0v", 4)));
}

TEST(Base64, RejectsBadPadding) {
  std::vector<uint8_t> out;
  for (const char* s : {"====", "Z===", "Zm=v", "Z=9v", "=m9v", "Zg==Zm9v", "Zm9vYg=a"}) {
    EXPECT_FALSE(base64_valid(s)) << s;
    EXPECT_FALSE(base64_decode(s, out)) << s;
  }
}

TEST(Base64, RejectsNonCanonicalTrailingBits) {
  // "Zh==" and "Zm9=" decode in lenient decoders but are not what any encoder
  // produces; accepting them would break decode/encode identity.
  std::vector<uint8_t> out;
  EXPECT_FALSE(base64_valid("Zh=="));
  EXPECT_FALSE(base64_decode("Zm9=", out));
  EXPECT_TRUE(base64_valid("Zg=="));
  EXPECT_TRUE(base64_valid("Zm8="));
}

TEST(Base64, DecodeReplacesContent) {
  std::vector<uint8_t> out(50, 7);
  ASSERT_TRUE(base64_decode("Zm8=", out));
  EXPECT_EQ(out, bytes("fo"));
  ASSERT_TRUE(base64_decode("", out));
  EXPECT_TRUE(out.empty());
}

// The one-pass decoder against OpenSSL's (EVP_DecodeBlock, behind the strict
// check): the same verdict and the same bytes on random strings over the
// alphabet, '=' and a few stray characters, every length up to 64.
TEST(Base64, DecodeAgreesWithOpenSslOnRandomInput) {
  std::mt19937 rng(20261207);
  constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\x80";
  size_t valid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string in(rng() % 65, 'A');
    for (auto& c : in) c = kChars[rng() % (round % 2 ? 64 : kChars.size())];
    if (round % 3 == 0 && in.size() >= 4) in.back() = '=';
    std::vector<uint8_t> ours;
    const bool ok = base64_decode(in, ours);
    ASSERT_EQ(ok, base64_valid(in)) << in;
    if (!ok) continue;
    ++valid;
    std::vector<uint8_t> theirs(in.size() / 4 * 3 + 1);
    const int n = EVP_DecodeBlock(theirs.data(), reinterpret_cast<const unsigned char*>(in.data()),
                                  static_cast<int>(in.size()));
    ASSERT_GE(n, 0) << in;
    const size_t pad = in.empty() || in.back() != '=' ? 0 : in[in.size() - 2] == '=' ? 2 : 1;
    theirs.resize(static_cast<size_t>(n) - pad);
    ASSERT_EQ(ours, theirs) << in;
  }
  EXPECT_GT(valid, 1000u);  // the valid path was exercised, not just refusals
}

}  // namespace
}  // namespace voxgate::audio
