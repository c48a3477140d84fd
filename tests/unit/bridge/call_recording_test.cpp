// BEHAVIOUR 6 (recordings): written off the call's thread, bounded when the
// disk falls behind, private, and never overwritten by a second stream.
#include "bridge/call_recording.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "audio/base64.hpp"

namespace voxgate::bridge {
namespace {

class RecordingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("voxgate_rec_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CallRecording open(RecordingWriter& writer, const std::string& id) {
    std::string error;
    auto r = CallRecording::open(writer, dir_.string(), id, error);
    EXPECT_TRUE(r) << error;
    return std::move(*r);
  }
  // `ms` of caller audio in 20 ms Twilio frames (mu-law silence).
  static void feed(CallRecording& r, int ms) {
    static const std::string frame = audio::base64_encode(std::vector<uint8_t>(160, 0xFF));
    for (int t = 0; t < ms; t += 20) r.on_caller_media(frame);
  }
  static size_t stereo_frames(const std::string& path) {
    auto wav = audio::read_wav_mono8k(path);
    EXPECT_TRUE(wav.ok()) << path;
    return wav.ok() ? wav.value().size() : 0;
  }
  static uintmax_t size_of(const std::string& path) { return std::filesystem::file_size(path); }

  std::filesystem::path dir_;
};

TEST_F(RecordingTest, FileWritesHappenOnTheWriterNotTheCaller) {
  RecordingWriter writer({.start_thread = false});
  auto r = open(writer, "CA1");
  feed(r, 2500);
  EXPECT_EQ(size_of(r.path()), 0u);  // nothing written on the caller's thread
  writer.run_pending();
  EXPECT_EQ(stereo_frames(r.path()), 16000u);  // the two whole seconds handed over
  r.close();
  writer.run_pending();
  EXPECT_EQ(stereo_frames(r.path()), 20000u);
  EXPECT_FALSE(r.failed());
}

TEST_F(RecordingTest, AWriterThreadWritesAndFinalises) {
  RecordingWriter writer({});
  std::string path;
  {
    auto r = open(writer, "CA1");
    path = r.path();
    feed(r, 1500);
  }  // destroyed: closes
  writer.flush();
  EXPECT_EQ(stereo_frames(path), 12000u);
}

TEST_F(RecordingTest, FallingBehindDropsAudioAndCountsIt) {
  obs::Counter dropped;
  RecordingWriter writer(
      {.max_pending_bytes = 40000, .dropped_bytes = &dropped, .start_thread = false});
  auto r = open(writer, "CA1");
  feed(r, 3000);  // three 32 KB chunks; only the first fits
  EXPECT_EQ(writer.dropped_bytes(), 64000u);
  EXPECT_EQ(dropped.value(), 64000u);
  r.close();
  writer.run_pending();
  EXPECT_EQ(stereo_frames(r.path()), 8000u);
  feed(r, 1000);  // after close: ignored
  EXPECT_EQ(writer.dropped_bytes(), 64000u);
}

TEST_F(RecordingTest, ASecondStreamWithTheSameIdNeverOverwritesTheFirst) {
  RecordingWriter writer({.start_thread = false});
  auto first = open(writer, "CA1");
  feed(first, 1000);
  first.close();
  writer.run_pending();
  const auto first_size = size_of(first.path());
  auto second = open(writer, "CA1");
  auto third = open(writer, "CA1");
  EXPECT_EQ(std::filesystem::path(first.path()).filename(), "CA1.wav");
  EXPECT_EQ(std::filesystem::path(second.path()).filename(), "CA1-2.wav");
  EXPECT_EQ(std::filesystem::path(third.path()).filename(), "CA1-3.wav");
  feed(second, 2000);
  second.close();
  third.close();
  writer.run_pending();
  EXPECT_EQ(size_of(first.path()), first_size);
  EXPECT_EQ(stereo_frames(first.path()), 8000u);
  EXPECT_EQ(stereo_frames(second.path()), 16000u);
}

TEST_F(RecordingTest, FilesArePrivate) {
  RecordingWriter writer({.start_thread = false});
  auto r = open(writer, "CA1");
  feed(r, 1000);
  r.close();
  writer.run_pending();
  struct stat st {};
  ASSERT_EQ(::stat(r.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(RecordingTest, IdsCannotLeaveTheDirectory) {
  RecordingWriter writer({.start_thread = false});
  auto r = open(writer, "../../etc/x");
  EXPECT_EQ(std::filesystem::path(r.path()).parent_path(), dir_);
}

TEST_F(RecordingTest, AMissingDirectoryIsAnError) {
  RecordingWriter writer({.start_thread = false});
  std::string error;
  EXPECT_FALSE(CallRecording::open(writer, (dir_ / "nope").string(), "CA1", error));
  EXPECT_NE(error.find("nope"), std::string::npos) << error;
}

}  // namespace
}  // namespace voxgate::bridge
