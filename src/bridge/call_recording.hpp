#pragma once
// CallRecording: the optional per-call stereo WAV (caller left, agent right,
// as the caller heard it, cut at clears; BEHAVIOUR 6). Mixed on the call's
// strand and gathered a second at a time; the file writes run on a
// RecordingWriter's thread, never on the call's I/O thread. The file is
// created exclusively with mode 0600: a second stream with the same call id
// gets its own file (<id>-2.wav, ...) and never overwrites the first one's.
// Owned by the CallRunner; used on its strand. Movable; closes when
// destroyed.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audio/format.hpp"
#include "audio/heard_mixer.hpp"
#include "bridge/recording_writer.hpp"

namespace voxgate::bridge {

class CallRecording {
 public:
  // Creates DIR/<id>.wav (or the first free <id>-N.wav); nullopt (and `error`
  // set) when no file can be made. Writes through RecordingWriter::shared().
  // The WAV is at the call's rate (`format`: 8 kHz for mu-law, the PCM's
  // own rate otherwise), so nothing is converted but G.711 to PCM.
  static std::optional<CallRecording> open(const std::string& dir, const std::string& id,
                                           std::string& error);
  // The same, writing through `writer`, which outlives the recording.
  static std::optional<CallRecording> open(RecordingWriter& writer, const std::string& dir,
                                           const std::string& id, std::string& error);
  static std::optional<CallRecording> open(RecordingWriter& writer, const std::string& dir,
                                           const std::string& id, const audio::Format& format,
                                           std::string& error);

  CallRecording(CallRecording&& other) noexcept;
  CallRecording& operator=(CallRecording&& other) noexcept;
  ~CallRecording();

  void on_caller_media(std::string_view payload_b64);
  void on_agent_media(std::string_view payload_b64);
  void on_clear() { mixer_.on_clear(); }
  // Hands over what is gathered and has the writer finalise the file.
  // Idempotent.
  void close();
  const std::string& path() const { return path_; }
  // The writer could not write the file (it may still be finishing).
  bool failed() const { return file_ && file_->failed; }

 private:
  CallRecording(RecordingWriter& writer, std::shared_ptr<RecordingWriter::File> file,
                std::string path, const audio::Format& format);
  void hand_over();
  // The payload as samples in samples_; false for bad base64.
  bool decode(std::string_view payload_b64);
  // Audio handed to the writer at a time: 1 s of stereo PCM16 at the call's
  // rate (32 KB at 8 kHz).
  size_t chunk_samples() const { return 2 * static_cast<size_t>(format_.sample_rate); }

  RecordingWriter* writer_;
  std::shared_ptr<RecordingWriter::File> file_;
  std::string path_;
  audio::HeardMixer mixer_;
  audio::Format format_;
  std::vector<uint8_t> scratch_;
  std::vector<int16_t> samples_;  // scratch: scratch_ decoded
  std::vector<int16_t> pending_;  // gathered, not yet handed to the writer
  bool closed_ = false;
};

}  // namespace voxgate::bridge
