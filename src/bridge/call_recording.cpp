#include "bridge/call_recording.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "audio/pcm16le.hpp"

namespace voxgate::bridge {

namespace {

constexpr int kMaxNameTries = 100;

// Creates the first free DIR/<base>.wav, DIR/<base>-2.wav, ... with O_EXCL
// (never truncating a file another stream writes) and mode 0600 (recordings
// are the callers' voices). Empty, with `error` set, when none can be made.
std::string create_exclusive(const std::string& dir, const std::string& base, std::string& error) {
  for (int n = 1; n <= kMaxNameTries; ++n) {
    const std::string name = n == 1 ? base + ".wav" : base + "-" + std::to_string(n) + ".wav";
    const std::string path = (std::filesystem::path(dir) / name).string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) {
      ::close(fd);
      return path;
    }
    if (errno != EEXIST) {
      error = "cannot create recording '" + path + "': " + std::strerror(errno);
      return {};
    }
  }
  error = "cannot create recording for '" + base + "' in '" + dir +
          "': " + std::to_string(kMaxNameTries) + " files of that name exist";
  return {};
}

}  // namespace

std::optional<CallRecording> CallRecording::open(const std::string& dir, const std::string& id,
                                                 std::string& error) {
  return open(RecordingWriter::shared(), dir, id, error);
}

// The one file-system call on the call's thread: creating the file, so that
// its name is known now (the record carries it) and is the call's alone.
std::optional<CallRecording> CallRecording::open(RecordingWriter& writer, const std::string& dir,
                                                 const std::string& id, std::string& error) {
  return open(writer, dir, id, audio::kPhoneMulaw, error);
}

std::optional<CallRecording> CallRecording::open(RecordingWriter& writer, const std::string& dir,
                                                 const std::string& id, const audio::Format& format,
                                                 std::string& error) {
  std::string safe;
  for (char c : id) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  std::string path = create_exclusive(dir, safe, error);
  if (path.empty()) return std::nullopt;
  auto file = writer.open(path, format.sample_rate);
  return CallRecording(writer, std::move(file), std::move(path), format);
}

CallRecording::CallRecording(RecordingWriter& writer, std::shared_ptr<RecordingWriter::File> file,
                             std::string path, const audio::Format& format)
    : writer_(&writer), file_(std::move(file)), path_(std::move(path)), format_(format) {
  pending_.reserve(chunk_samples() + 2 * 160);
}

CallRecording::CallRecording(CallRecording&& other) noexcept
    : writer_(other.writer_),
      file_(std::move(other.file_)),
      path_(std::move(other.path_)),
      mixer_(std::move(other.mixer_)),
      format_(other.format_),
      scratch_(std::move(other.scratch_)),
      pending_(std::move(other.pending_)),
      closed_(std::exchange(other.closed_, true)) {}

CallRecording& CallRecording::operator=(CallRecording&& other) noexcept {
  if (this != &other) {
    close();
    writer_ = other.writer_;
    file_ = std::move(other.file_);
    path_ = std::move(other.path_);
    mixer_ = std::move(other.mixer_);
    format_ = other.format_;
    scratch_ = std::move(other.scratch_);
    pending_ = std::move(other.pending_);
    closed_ = std::exchange(other.closed_, true);
  }
  return *this;
}

CallRecording::~CallRecording() {
  close();
}

bool CallRecording::decode(std::string_view payload_b64) {
  if (!audio::base64_decode(payload_b64, scratch_)) return false;
  if (format_.encoding != audio::Encoding::kLinear16) {
    samples_.resize(scratch_.size());
    audio::ulaw_decode(scratch_, samples_);
    return true;
  }
  audio::pcm16le_to_samples(scratch_, samples_);
  return true;
}

void CallRecording::on_caller_media(std::string_view payload_b64) {
  if (closed_ || !decode(payload_b64)) return;
  mixer_.on_caller_samples(samples_, pending_);
  if (pending_.size() >= chunk_samples()) hand_over();
}

void CallRecording::on_agent_media(std::string_view payload_b64) {
  if (closed_ || !decode(payload_b64)) return;
  mixer_.on_agent_samples(samples_);
}

// A dropped chunk (the writer is behind) is counted by the writer; the
// recording goes on with the next one.
void CallRecording::hand_over() {
  std::vector<int16_t> chunk;
  chunk.reserve(chunk_samples() + 2 * 160);
  chunk.swap(pending_);
  writer_->append(file_, std::move(chunk));
}

void CallRecording::close() {
  if (closed_ || !file_) return;
  closed_ = true;
  if (!pending_.empty()) hand_over();
  writer_->close(file_);
}

}  // namespace voxgate::bridge
