#include "server/call_recording.hpp"

#include <filesystem>

#include "audio/base64.hpp"

namespace voxgate::server {

namespace {
constexpr size_t kFlushEveryFrames = 50;  // 50 x 20 ms = 1 s
}

std::optional<CallRecording> CallRecording::open(const std::string& dir, const std::string& id,
                                                 std::string& error) {
  std::string safe;
  for (char c : id) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  const std::string path = (std::filesystem::path(dir) / (safe + ".wav")).string();
  auto w = audio::WavWriter::open(path, 2, 8000);
  if (!w) {
    error = "cannot create recording '" + path + "': " + std::string(audio::to_string(w.error()));
    return std::nullopt;
  }
  return CallRecording(std::move(w).value(), path);
}

void CallRecording::on_caller_media(std::string_view payload_b64) {
  if (failed_ || !audio::base64_decode(payload_b64, scratch_)) return;
  frame_.clear();
  mixer_.on_caller_frame(scratch_, frame_);
  if (!writer_.write(frame_)) {
    failed_ = true;
    return;
  }
  if (++frames_since_flush_ >= kFlushEveryFrames) {
    frames_since_flush_ = 0;
    failed_ = !writer_.flush();
  }
}

void CallRecording::on_agent_media(std::string_view payload_b64) {
  if (failed_ || !audio::base64_decode(payload_b64, scratch_)) return;
  mixer_.on_agent_audio(scratch_);
}

void CallRecording::close() {
  writer_.close();
}

}  // namespace voxgate::server
