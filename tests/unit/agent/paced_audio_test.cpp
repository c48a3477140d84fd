#include "agent/paced_audio.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "agent/worker_pool.hpp"

namespace voxgate::agent {
namespace {

using namespace std::chrono_literals;

bool run_until(boost::asio::io_context& io, const std::function<bool()>& pred) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.restart();
    io.run_for(1ms);
  }
  return true;
}

TEST(PacedAudio, ChunksOf800BytesFirstAtOnceThenEnd) {
  boost::asio::io_context io;
  PacedAudio paced(boost::asio::make_strand(io), 2ms);
  std::vector<size_t> sizes;
  bool ended = false;
  paced.start(
      std::vector<uint8_t>(2000, 0xFF), [&](auto c) { sizes.push_back(c.size()); },
      [&] { ended = true; });
  EXPECT_EQ(sizes, std::vector<size_t>{800});  // the first chunk goes out in start()
  EXPECT_TRUE(paced.active());
  ASSERT_TRUE(run_until(io, [&] { return ended; }));
  EXPECT_EQ(sizes, (std::vector<size_t>{800, 800, 400}));
  EXPECT_EQ(paced.sent_bytes(), 2000u);
  EXPECT_FALSE(paced.active());
}

TEST(PacedAudio, StopFromInsideAChunkCallbackEndsTheStream) {
  boost::asio::io_context io;
  PacedAudio paced(boost::asio::make_strand(io), 1ms);
  int chunks = 0;
  bool ended = false;
  paced.start(
      std::vector<uint8_t>(8000, 0xFF),
      [&](auto) {
        if (++chunks == 2) paced.stop();
      },
      [&] { ended = true; });
  run_until(io, [&] { return chunks >= 2; });
  io.restart();
  io.run_for(30ms);
  EXPECT_EQ(chunks, 2);
  EXPECT_FALSE(ended);
  EXPECT_FALSE(paced.active());
}

TEST(WorkerPool, LaneRunsJobsInOrderAndPostsResultsHome) {
  boost::asio::io_context io;
  auto home = boost::asio::make_strand(io);
  WorkerPool pool(2);
  auto lane = pool.make_lane();
  std::vector<int> results;
  std::atomic<int> running{0};
  std::atomic<bool> overlap{false};
  for (int i = 0; i < 20; ++i) {
    pool.submit(
        lane,
        [&, i] {
          if (++running > 1) overlap = true;
          --running;
          return i;
        },
        home, [&](int r) { results.push_back(r); });
  }
  ASSERT_TRUE(run_until(io, [&] { return results.size() == 20; }));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(results[static_cast<size_t>(i)], i);
  EXPECT_FALSE(overlap);
  EXPECT_EQ(pool.jobs_done(), 20u);
}

}  // namespace
}  // namespace voxgate::agent
