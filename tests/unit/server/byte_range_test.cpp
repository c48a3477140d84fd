// One byte range of a Range header over a representation of known size
// (server/byte_range.hpp, RFC 9110 14.2).
#include "server/byte_range.hpp"

#include <gtest/gtest.h>

namespace voxgate::server {
namespace {

using Kind = RangeAnswer::Kind;

void expect_partial(std::string_view header, uint64_t size, uint64_t first, uint64_t last) {
  const RangeAnswer a = byte_range(header, size);
  ASSERT_EQ(a.kind, Kind::kPartial) << header;
  EXPECT_EQ(a.range.first, first) << header;
  EXPECT_EQ(a.range.last, last) << header;
}

TEST(ByteRange, FirstToLastFromFirstAndSuffix) {
  expect_partial("bytes=0-99", 1000, 0, 99);
  expect_partial("bytes=100-100", 1000, 100, 100);
  expect_partial("bytes=500-", 1000, 500, 999);
  expect_partial("bytes=-100", 1000, 900, 999);
}

TEST(ByteRange, ALastPastTheEndOrALongSuffixIsCutToTheRepresentation) {
  expect_partial("bytes=900-5000", 1000, 900, 999);
  expect_partial("bytes=-5000", 1000, 0, 999);
  expect_partial("bytes=0-18446744073709551615", 10, 0, 9);
}

TEST(ByteRange, AStartPastTheEndOrAnEmptySuffixIsUnsatisfiable) {
  EXPECT_EQ(byte_range("bytes=1000-", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(byte_range("bytes=1000-1001", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(byte_range("bytes=-0", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(byte_range("bytes=0-", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(byte_range("bytes=-5", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRange, WhatItDoesNotServeIsIgnoredForTheWhole) {
  EXPECT_EQ(byte_range(std::nullopt, 1000).kind, Kind::kWhole);
  for (std::string_view h :
       {"", "bytes=", "bytes=-", "bytes=5-2", "bytes=a-b", "bytes=1-2x", "bytes= 1-2", "items=0-1",
        "bytes=0-1,5-6", "bytes=99999999999999999999-", "bytes=--1", "BYTES=0-1"}) {
    EXPECT_EQ(byte_range(h, 1000).kind, Kind::kWhole) << h;
  }
}

}  // namespace
}  // namespace voxgate::server
