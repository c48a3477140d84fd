#include "audio/wav_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "audio/g711.hpp"

namespace voxgate::audio {
namespace {

namespace fs = std::filesystem;

class WavTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("voxgate_wav_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const char* name) const { return (dir_ / name).string(); }

  static std::vector<uint8_t> slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  static uint32_t u32(const std::vector<uint8_t>& b, size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (static_cast<uint32_t>(b[at + 3]) << 24);
  }

  fs::path dir_;
};

TEST_F(WavTest, StereoHeaderBytes) {
  auto w = WavWriter::open(path("a.wav"), 2, 8000);
  ASSERT_TRUE(w.ok());
  const std::vector<int16_t> s{1, -1, 0x1234, -32768};
  ASSERT_TRUE(w->write(s));
  ASSERT_TRUE(w->close());
  const auto b = slurp(path("a.wav"));
  const std::vector<uint8_t> expect{
      'R',  'I',  'F',  'F',  44,   0,    0,    0,    // 36 + 8 data bytes
      'W',  'A',  'V',  'E',  'f',  'm',  't',  ' ',  //
      16,   0,    0,    0,                            // fmt chunk size
      1,    0,    2,    0,                            // PCM, 2 channels
      0x40, 0x1F, 0,    0,                            // 8000 Hz
      0x00, 0x7D, 0,    0,                            // byte rate 32000
      4,    0,    16,   0,                            // block align 4, 16 bits
      'd',  'a',  't',  'a',  8,    0,    0,    0,    //
      1,    0,    0xFF, 0xFF, 0x34, 0x12, 0x00, 0x80};
  EXPECT_EQ(b, expect);
}

TEST_F(WavTest, FileIsValidAfterEveryFlush) {
  auto w = WavWriter::open(path("b.wav"), 1);
  ASSERT_TRUE(w.ok());
  auto b = slurp(path("b.wav"));
  ASSERT_EQ(b.size(), WavWriter::kHeaderBytes);
  EXPECT_EQ(u32(b, 4), 36u);
  EXPECT_EQ(u32(b, 40), 0u);
  EXPECT_EQ(u32(b, 28), 16000u);  // mono byte rate

  const std::vector<int16_t> frame(160, 100);
  ASSERT_TRUE(w->write(frame));
  ASSERT_TRUE(w->flush());
  b = slurp(path("b.wav"));
  ASSERT_EQ(b.size(), 44u + 320u);
  EXPECT_EQ(u32(b, 4), 36u + 320u);
  EXPECT_EQ(u32(b, 40), 320u);

  ASSERT_TRUE(w->write(frame));
  ASSERT_TRUE(w->flush());
  b = slurp(path("b.wav"));
  EXPECT_EQ(b.size(), 44u + 640u);
  EXPECT_EQ(u32(b, 40), 640u);
  EXPECT_EQ(w->data_bytes(), 640u);
}

TEST_F(WavTest, DestructorAndMoveFinalise) {
  {
    auto w = WavWriter::open(path("c.wav"), 1);
    ASSERT_TRUE(w.ok());
    WavWriter moved = std::move(w).value();
    const std::vector<int16_t> s(10, 5);
    ASSERT_TRUE(moved.write(s));
    WavWriter target = std::move(moved);
    EXPECT_FALSE(moved.is_open());  // NOLINT(bugprone-use-after-move): checks moved-from
    EXPECT_FALSE(moved.write(s));
  }
  const auto b = slurp(path("c.wav"));
  EXPECT_EQ(u32(b, 40), 20u);
  EXPECT_EQ(b.size(), 64u);
}

TEST_F(WavTest, OpenRejectsBadArguments) {
  EXPECT_EQ(WavWriter::open(path("d.wav"), 3).error(), WavError::kBadArgument);
  EXPECT_EQ(WavWriter::open(path("d.wav"), 1, 0).error(), WavError::kBadArgument);
  EXPECT_EQ(WavWriter::open(path("no/such/dir.wav"), 1).error(), WavError::kOpenFailed);
}

TEST_F(WavTest, ReadBackFirstChannelOfStereo) {
  {
    auto w = WavWriter::open(path("e.wav"), 2);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->write(std::vector<int16_t>{10, -10, 20, -20, 30, -30}));
  }
  const auto r = read_wav_mono8k(path("e.wav"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<int16_t>{10, 20, 30}));
}

TEST_F(WavTest, ReadsMulawWithExtraChunk) {
  // Hand-built: RIFF, fmt (mu-law, 18-byte chunk with cbSize), LIST, data.
  const std::vector<uint8_t> file{
      'R',  'I', 'F', 'F',  0,    0, 0, 0, 'W',  'A',  'V', 'E',  //
      'f',  'm', 't', ' ',  18,   0, 0, 0, 7,    0,    1,   0,   0x40,
      0x1F, 0,   0,   0x40, 0x1F, 0, 0, 1, 0,    8,    0,   0,   0,  // cbSize
      'L',  'I', 'S', 'T',  3,    0, 0, 0, 'a',  'b',  'c', 0,       // odd size + pad byte
      'd',  'a', 't', 'a',  3,    0, 0, 0, 0xFF, 0x80, 0x00};
  {
    std::ofstream out(path("f.wav"), std::ios::binary);
    out.write(reinterpret_cast<const char*>(file.data()),
              static_cast<std::streamsize>(file.size()));
  }
  const auto r = read_wav_mono8k(path("f.wav"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<int16_t>{0, 32124, -32124}));
}

TEST_F(WavTest, ReadRejectsWhatItCannotUse) {
  EXPECT_EQ(read_wav_mono8k(path("missing.wav")).error(), WavError::kReadFailed);
  { std::ofstream(path("junk.wav")) << "not a wav file at all"; }
  EXPECT_EQ(read_wav_mono8k(path("junk.wav")).error(), WavError::kBadFormat);
  {
    auto w = WavWriter::open(path("16k.wav"), 1, 16000);
    ASSERT_TRUE(w.ok());
  }
  EXPECT_EQ(read_wav_mono8k(path("16k.wav")).error(), WavError::kUnsupported);
}

}  // namespace
}  // namespace voxgate::audio
