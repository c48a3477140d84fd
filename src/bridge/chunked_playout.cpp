#include "bridge/chunked_playout.hpp"

namespace voxgate::bridge {

ChunkedPlayout::ChunkedPlayout(audio::ChunkRule rule, common::Duration idle)
    : framer_(rule), idle_(idle) {}

void ChunkedPlayout::audio(std::span<const uint8_t> bytes, common::TimePoint now, Pieces& out) {
  framer_.push(bytes);
  pushed_ += bytes.size();
  last_audio_ = now;
  Piece piece;
  while (framer_.pop(piece.audio)) {
    sent_ += piece.audio.size();
    out.push_back(std::move(piece));
    piece = Piece{};
    release_marks(out);
  }
}

void ChunkedPlayout::mark(std::string name, Pieces& out) {
  marks_.emplace_back(pushed_, std::move(name));
  release_marks(out);
}

void ChunkedPlayout::tick(common::TimePoint now, Pieces& out) {
  if (!marks_.empty() && now - last_audio_ >= idle_) flush(out);
}

void ChunkedPlayout::flush(Pieces& out) {
  Piece piece;
  while (framer_.pop_rest(piece.audio, audio::kUlawSilence)) {
    out.push_back(std::move(piece));
    piece = Piece{};
  }
  sent_ = pushed_;
  release_marks(out);
}

void ChunkedPlayout::clear() {
  framer_.clear();
  marks_.clear();
  sent_ = pushed_;
}

void ChunkedPlayout::release_marks(Pieces& out) {
  while (!marks_.empty() && marks_.front().first <= sent_) {
    out.push_back(Piece{{}, std::move(marks_.front().second)});
    marks_.pop_front();
  }
}

}  // namespace voxgate::bridge
