#include "agent/paced_audio.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>

namespace voxgate::agent {

struct PacedAudio::State : std::enable_shared_from_this<State> {
  State(boost::asio::any_io_executor strand, std::chrono::nanoseconds iv)
      : timer(std::move(strand)), interval(iv) {}

  boost::asio::steady_timer timer;
  std::chrono::nanoseconds interval;
  std::vector<uint8_t> audio;
  ChunkFn on_chunk;
  EndFn on_end;
  std::size_t sent = 0;
  uint64_t generation = 0;  // bumped by start/stop: stale waits do nothing
  bool active = false;
  std::chrono::steady_clock::time_point started;
  int64_t ticks = 0;

  void tick(uint64_t gen) {
    const std::size_t n = std::min(kChunkBytes, audio.size() - sent);
    const std::span<const uint8_t> chunk(audio.data() + sent, n);
    sent += n;
    ++ticks;
    const ChunkFn fn = on_chunk;  // a copy: fn may stop() us, which drops on_chunk
    fn(chunk);
    if (gen != generation) return;  // on_chunk stopped or restarted us
    if (sent < audio.size()) {
      timer.expires_at(started + ticks * interval);
      timer.async_wait([self = shared_from_this(), gen](boost::system::error_code ec) {
        if (!ec && gen == self->generation) self->tick(gen);
      });
      return;
    }
    active = false;
    ++generation;
    EndFn end = std::move(on_end);
    on_chunk = nullptr;
    if (end) end();
  }
};

PacedAudio::PacedAudio(boost::asio::any_io_executor strand, std::chrono::nanoseconds interval)
    : state_(std::make_shared<State>(std::move(strand), interval)) {}

PacedAudio::~PacedAudio() {
  stop();
}

void PacedAudio::start(std::vector<uint8_t> audio, ChunkFn on_chunk, EndFn on_end) {
  stop();
  State& s = *state_;
  s.audio = std::move(audio);
  s.on_chunk = std::move(on_chunk);
  s.on_end = std::move(on_end);
  s.sent = 0;
  s.ticks = 0;
  s.active = true;
  s.started = std::chrono::steady_clock::now();
  const uint64_t gen = s.generation;
  if (s.audio.empty()) {
    s.active = false;
    ++s.generation;
    EndFn end = std::move(s.on_end);
    if (end) end();
    return;
  }
  s.tick(gen);
}

void PacedAudio::stop() {
  ++state_->generation;
  state_->active = false;
  state_->on_chunk = nullptr;
  state_->on_end = nullptr;
  state_->timer.cancel();
}

bool PacedAudio::active() const {
  return state_->active;
}

std::size_t PacedAudio::sent_bytes() const {
  return state_->sent;
}

}  // namespace voxgate::agent
