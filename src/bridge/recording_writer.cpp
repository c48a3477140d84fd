#include "bridge/recording_writer.hpp"

namespace voxgate::bridge {

RecordingWriter::RecordingWriter(Options options) : options_(options) {
  if (options_.start_thread) thread_ = std::thread([this] { run(); });
}

RecordingWriter::~RecordingWriter() {
  stop();
}

RecordingWriter& RecordingWriter::shared() {
  static RecordingWriter writer{Options{}};
  return writer;
}

std::shared_ptr<RecordingWriter::File> RecordingWriter::open(std::string path, int sample_rate) {
  auto file = std::make_shared<File>(std::move(path), sample_rate);
  push({Op::kOpen, file, {}});
  return file;
}

bool RecordingWriter::append(const std::shared_ptr<File>& file, std::vector<int16_t> samples) {
  const size_t bytes = samples.size() * sizeof(int16_t);
  {
    std::lock_guard lock(mu_);
    // Bounded memory when the disk is slower than the calls: the newest
    // audio is dropped, and counted, rather than queued without limit.
    if (pending_bytes_ + bytes > options_.max_pending_bytes) {
      dropped_bytes_.fetch_add(bytes, std::memory_order_relaxed);
      if (options_.dropped_bytes) options_.dropped_bytes->inc(bytes);
      return false;
    }
    pending_bytes_ += bytes;
  }
  push({Op::kAppend, file, std::move(samples)});
  return true;
}

void RecordingWriter::close(const std::shared_ptr<File>& file) {
  push({Op::kClose, file, {}});
}

// Opens and closes are tiny and never dropped: a file is always finalised.
// After stop() nothing would run a queued job, so it runs here.
void RecordingWriter::push(Job job) {
  {
    std::lock_guard lock(mu_);
    if (!stopped_) {
      queue_.push_back(std::move(job));
      cv_.notify_one();
      return;
    }
    pending_bytes_ -= job.samples.size() * sizeof(int16_t);
  }
  process(job);
}

void RecordingWriter::process(Job& job) {
  File& f = *job.file;
  switch (job.op) {
    case Op::kOpen: {
      auto w = audio::WavWriter::open(f.path, 2, f.sample_rate);
      if (w) {
        f.wav.emplace(std::move(w).value());
      } else {
        f.failed = true;
      }
      return;
    }
    case Op::kAppend:
      if (f.wav && !f.failed && (!f.wav->write(job.samples) || !f.wav->flush())) f.failed = true;
      return;
    case Op::kClose:
      if (f.wav && !f.wav->close()) f.failed = true;
      f.wav.reset();
      return;
  }
}

void RecordingWriter::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    process(job);
    const size_t bytes = job.samples.size() * sizeof(int16_t);
    job = {};  // the last reference to a closed file goes here, not on a call's thread
    lock.lock();
    pending_bytes_ -= bytes;
    busy_ = false;
    if (queue_.empty()) idle_cv_.notify_all();
  }
}

void RecordingWriter::run_pending() {
  std::unique_lock lock(mu_);
  while (!queue_.empty()) {
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    process(job);
    lock.lock();
    pending_bytes_ -= job.samples.size() * sizeof(int16_t);
  }
}

void RecordingWriter::flush() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void RecordingWriter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  std::lock_guard join_lock(join_mu_);
  if (thread_.joinable()) thread_.join();
  // What is left (a manual-mode writer's queue, a late push) is written here.
  for (;;) {
    run_pending();
    std::lock_guard lock(mu_);
    if (queue_.empty()) {
      stopped_ = true;
      return;
    }
  }
}

}  // namespace voxgate::bridge
