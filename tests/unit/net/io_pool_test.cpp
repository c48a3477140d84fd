// IoPool: one thread per context, round-robin placement, and a shutdown that
// destroys handlers owning sockets of another context safely (run under ASan
// in CI: destroying the contexts one by one would free a reactor a pending
// handler's socket still points to).

#include "net/io_pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace voxgate::net {
namespace {

namespace asio = boost::asio;

std::thread::id thread_of(const asio::any_io_executor& ex) {
  std::promise<std::thread::id> id;
  auto got = id.get_future();
  asio::post(ex, [&id] { id.set_value(std::this_thread::get_id()); });
  // The bound only turns a hang into a failure; a running pool answers at once.
  if (got.wait_for(std::chrono::seconds(10)) != std::future_status::ready) return {};
  return got.get();
}

TEST(IoPool, EachContextHasItsOwnThreadAndConnectionsAlternate) {
  IoPool pool(2);
  ASSERT_EQ(pool.size(), 2u);
  pool.start();
  const auto a = pool.next();
  const auto b = pool.next();
  const auto c = pool.next();
  EXPECT_TRUE(a == c);
  EXPECT_FALSE(a == b);
  const auto ta = thread_of(a);
  const auto tb = thread_of(b);
  EXPECT_NE(ta, std::thread::id{});
  EXPECT_NE(tb, std::thread::id{});
  EXPECT_NE(ta, tb);
  EXPECT_EQ(thread_of(c), ta);  // a context is always run by the same thread
  EXPECT_NE(ta, std::this_thread::get_id());
}

TEST(IoPool, ZeroMeansOneContextPerCore) {
  IoPool pool(0);
  EXPECT_EQ(pool.size(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(IoPool, AnEscapedExceptionIsReportedAndTheLoopGoesOn) {
  IoPool pool(1);
  std::promise<std::string> reported;
  auto got = reported.get_future();
  pool.on_escape([&reported](const char* what) { reported.set_value(what); });
  pool.start();
  asio::post(pool.main(), [] { throw std::runtime_error("boom"); });
  ASSERT_EQ(got.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(got.get(), "boom");
  EXPECT_NE(thread_of(pool.main().get_executor()), std::thread::id{});  // still running
  EXPECT_EQ(pool.escaped(), 1u);
  pool.stop();
}

TEST(IoPool, IdleContextsKeepRunningUntilStopped) {
  IoPool pool(3);
  pool.start();
  // Nothing was queued on any context before start(): each must still be
  // running and answer work posted later.
  for (int i = 0; i < 3; ++i) EXPECT_NE(thread_of(pool.next()), std::thread::id{});
  pool.stop();
}

TEST(IoPool, ShutdownDestroysHandlersOwningSocketsOfAnotherContext) {
  std::weak_ptr<asio::ip::tcp::socket> first_socket;
  std::weak_ptr<asio::ip::tcp::socket> second_socket;
  {
    IoPool pool(2);
    auto first = pool.next();
    auto second = pool.next();
    // Open sockets register with their context's reactor.
    auto on_first = std::make_shared<asio::ip::tcp::socket>(first);
    auto on_second = std::make_shared<asio::ip::tcp::socket>(second);
    on_first->open(asio::ip::tcp::v4());
    on_second->open(asio::ip::tcp::v4());
    first_socket = on_first;
    second_socket = on_second;
    pool.start();
    pool.stop();
    // Never run: each handler owns the only reference to the other
    // context's socket until the pool destroys it.
    asio::post(first, [s = std::move(on_second)] { FAIL() << "handler ran after stop()"; });
    asio::post(second, [s = std::move(on_first)] { FAIL() << "handler ran after stop()"; });
    EXPECT_FALSE(first_socket.expired());
    EXPECT_FALSE(second_socket.expired());
  }
  EXPECT_TRUE(first_socket.expired());
  EXPECT_TRUE(second_socket.expired());
}

}  // namespace
}  // namespace voxgate::net
