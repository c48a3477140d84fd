#pragma once
// ChunkedPlayout: audio and marks to a carrier that plays audio only in
// chunks within a size window (Exotel; CallerLegTraits' play_*_ms). Audio is
// held until a chunk is ready (audio::ChunkFramer). A mark waits until the
// audio before it has gone out, so an echo still means "everything before me
// played" (BEHAVIOUR 2) and marks never split the audio into short chunks.
// When audio stops coming for `idle` (a response or clip ended), the tail is
// padded with silence to a whole chunk and the waiting marks follow it.
//
// Pure: takes the time from its caller. Owned by one CallRunner; used on the
// call's strand only.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "audio/chunk_framer.hpp"
#include "common/clock.hpp"

namespace voxgate::bridge {

class ChunkedPlayout {
 public:
  // What to send, in order: a chunk of audio (8 kHz mu-law) or a mark.
  struct Piece {
    std::vector<uint8_t> audio;
    std::string mark;  // set for a mark
  };
  using Pieces = std::vector<Piece>;

  ChunkedPlayout(audio::ChunkRule rule, common::Duration idle);

  void audio(std::span<const uint8_t> bytes, common::TimePoint now, Pieces& out);
  void mark(std::string name, Pieces& out);
  // The tail and the marks waiting on it, once no audio came for `idle`.
  void tick(common::TimePoint now, Pieces& out);
  // The tail and every waiting mark, now (a clip or the call ended).
  void flush(Pieces& out);
  // Drops the held audio and its marks: never sent, so never heard.
  void clear();

  size_t held_bytes() const { return framer_.pending(); }
  size_t waiting_marks() const { return marks_.size(); }

 private:
  void release_marks(Pieces& out);

  audio::ChunkFramer framer_;
  common::Duration idle_;
  common::TimePoint last_audio_{};
  uint64_t pushed_ = 0;                                 // audio bytes taken in
  uint64_t sent_ = 0;                                   // of those, gone out in chunks
  std::deque<std::pair<uint64_t, std::string>> marks_;  // (audio before it, name)
};

}  // namespace voxgate::bridge
