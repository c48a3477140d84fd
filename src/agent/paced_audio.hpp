#pragma once
// PacedAudio: sends one response's audio in fixed-size chunks at real time
// (800 mu-law bytes = 100 ms per chunk), the first at once and each next one
// on an absolute deadline (start + k * interval), so timer jitter never
// accumulates into drift.
//
// Owner: one AgentSession. Thread affinity: the session's strand; the
// callbacks run there too. The timer lives in a shared state kept alive by
// its pending wait, so destroying a PacedAudio with a wait in flight is safe.

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace voxgate::agent {

class PacedAudio {
 public:
  using ChunkFn = std::function<void(std::span<const uint8_t> chunk)>;
  using EndFn = std::function<void()>;

  static constexpr std::size_t kChunkBytes = 800;  // 100 ms of 8 kHz mu-law

  // interval: wall time per chunk (100 ms for real time; less speeds up tests).
  PacedAudio(boost::asio::any_io_executor strand, std::chrono::nanoseconds interval);
  ~PacedAudio();
  PacedAudio(const PacedAudio&) = delete;
  PacedAudio& operator=(const PacedAudio&) = delete;

  // Starts a new stream (stopping any current one). on_chunk runs for each
  // chunk, the first before start() returns; on_end after the last chunk.
  void start(std::vector<uint8_t> audio, ChunkFn on_chunk, EndFn on_end);
  // No further callbacks for the current stream.
  void stop();

  bool active() const;
  std::size_t sent_bytes() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace voxgate::agent
