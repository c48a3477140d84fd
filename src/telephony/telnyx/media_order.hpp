#pragma once
// MediaOrder: puts a Telnyx media stream back in order. Telnyx does not
// guarantee the order of media frames ("use media.chunk, media.timestamp and
// sequence_number to order frames", its streaming reference), so frames are
// released in chunk order; while a gap is open at most `window` frames wait
// for it, then the gap is given up (that audio was lost). A frame older than
// one already released (or a repeat) is late: dropped, and the caller counts
// it. In order, nothing waits: a frame is released as it arrives.
//
// Pure; one per call, used on the call's strand.

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::telnyx {

class MediaOrder {
 public:
  // 5 frames: 100 ms of 20 ms audio, the longest a gap may hold the caller's
  // audio back before it is given up.
  static constexpr size_t kDefaultWindow = 5;

  explicit MediaOrder(size_t window = kDefaultWindow) : window_(window) {}

  // Adds chunk `chunk`; appends the frames now in order to `out`. False when
  // the frame is late or a repeat (nothing appended).
  bool add(uint64_t chunk, CallerMedia media, std::vector<CallerMedia>& out);
  // Every waiting frame, in order (the stream ends).
  void flush(std::vector<CallerMedia>& out);

  size_t waiting() const { return held_.size(); }

 private:
  void release_ready(std::vector<CallerMedia>& out);

  size_t window_;
  bool started_ = false;
  uint64_t next_ = 0;  // the chunk the stream waits for
  std::map<uint64_t, CallerMedia> held_;
};

}  // namespace voxgate::telephony::telnyx
