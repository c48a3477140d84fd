#pragma once
// CallRecording: the optional per-call stereo WAV (caller left, agent right,
// as the caller heard it, cut at clears). Written incrementally and flushed
// every second of audio, so a crash loses at most the last second.
// Owned by the CallRunner; used on its strand. Writes go through stdio's
// buffer: ~32 KB per call-second, a small cost next to the sockets.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audio/heard_mixer.hpp"
#include "audio/wav_writer.hpp"

namespace voxgate::server {

class CallRecording {
 public:
  // Opens DIR/<id>.wav; nullopt (and `error` set) when the file can't be made.
  static std::optional<CallRecording> open(const std::string& dir, const std::string& id,
                                           std::string& error);

  void on_caller_media(std::string_view payload_b64);
  void on_agent_media(std::string_view payload_b64);
  void on_clear() { mixer_.on_clear(); }
  void close();
  const std::string& path() const { return path_; }
  bool failed() const { return failed_; }

 private:
  CallRecording(audio::WavWriter writer, std::string path)
      : writer_(std::move(writer)), path_(std::move(path)) {}

  audio::WavWriter writer_;
  std::string path_;
  audio::HeardMixer mixer_;
  std::vector<uint8_t> scratch_;
  std::vector<int16_t> frame_;
  size_t frames_since_flush_ = 0;
  bool failed_ = false;
};

}  // namespace voxgate::server
