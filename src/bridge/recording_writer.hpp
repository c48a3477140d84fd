#pragma once
// RecordingWriter: writes the calls' WAV recordings on its own thread, so no
// call's I/O thread blocks on the disk (ARCHITECTURE "Concurrency": file
// writes run off the I/O threads). A CallRecording gathers about a second of
// audio and hands it over whole; the writer appends it and rewrites the WAV
// header, so a file on disk is a valid WAV after every chunk and a crash
// loses at most the audio not yet handed over. Bounded: a chunk that would
// take the audio queued for all calls past max_pending_bytes is dropped and
// counted. One per process (shared()), or one per test. Thread-safe.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audio/wav_writer.hpp"
#include "obs/metrics.hpp"

namespace voxgate::bridge {

class RecordingWriter {
 public:
  struct Options {
    size_t max_pending_bytes = 16u << 20;   // ~500 call-seconds of stereo 8 kHz
    obs::Counter* dropped_bytes = nullptr;  // voxgate_recording_dropped_bytes_total
    bool start_thread = true;               // false: tests call run_pending()
  };

  // One recording's file; its WAV writer is touched only by the writer.
  struct File {
    File(std::string p, int rate) : path(std::move(p)), sample_rate(rate) {}
    const std::string path;
    const int sample_rate;
    std::optional<audio::WavWriter> wav;  // writer thread only
    std::atomic<bool> failed{false};
  };

  explicit RecordingWriter(Options options);
  ~RecordingWriter();  // stop()s

  // The writer CallRecording::open() uses unless given one; started on first
  // use, stopped (after writing everything queued) at exit.
  static RecordingWriter& shared();

  // `path` exists (created by the caller); the writer opens it as a stereo
  // WAV at `sample_rate` (the call's). Never blocks on the disk.
  std::shared_ptr<File> open(std::string path, int sample_rate = 8000);
  // Appends interleaved stereo samples. False (and counted) when dropped.
  bool append(const std::shared_ptr<File>& file, std::vector<int16_t> samples);
  // Finalises the header and closes the file. Never dropped.
  void close(const std::shared_ptr<File>& file);

  // Blocks until everything queued is written (threaded writers only).
  void flush();
  // Writes everything queued, then joins the thread. Idempotent.
  void stop();
  // Manual mode: runs what is queued on the calling thread.
  void run_pending();

  uint64_t dropped_bytes() const { return dropped_bytes_.load(std::memory_order_relaxed); }

 private:
  enum class Op { kOpen, kAppend, kClose };
  struct Job {
    Op op;
    std::shared_ptr<File> file;
    std::vector<int16_t> samples;
  };
  void push(Job job);
  void run();
  static void process(Job& job);

  const Options options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::deque<Job> queue_;
  size_t pending_bytes_ = 0;
  bool busy_ = false;
  bool stopping_ = false;
  bool stopped_ = false;  // the thread is gone: jobs run in push()
  std::atomic<uint64_t> dropped_bytes_{0};
  std::mutex join_mu_;
  std::thread thread_;
};

}  // namespace voxgate::bridge
