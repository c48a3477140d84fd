#include "cluster/redis_subscriber.hpp"

#include <hiredis/hiredis.h>
#include <poll.h>

#include <algorithm>

#include "cluster/redis_connection.hpp"
#include "cluster/redis_reply.hpp"

namespace voxgate::cluster {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kMinBackoff{100};
constexpr std::chrono::milliseconds kMaxBackoff{5000};
constexpr std::chrono::milliseconds kConnectTimeout{1000};

}  // namespace

RedisSubscriber::RedisSubscriber(RedisEndpoint endpoint, std::vector<std::string> channels,
                                 Handlers handlers, std::chrono::milliseconds tick)
    : endpoint_(std::move(endpoint)),
      channels_(std::move(channels)),
      handlers_(std::move(handlers)),
      tick_(tick) {
  thread_ = std::thread([this] { loop(); });
}

RedisSubscriber::~RedisSubscriber() {
  stop();
}

void RedisSubscriber::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool RedisSubscriber::wait_subscribed(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return subscribed_; });
}

void RedisSubscriber::set_subscribed(bool on) {
  {
    std::lock_guard lock(mu_);
    subscribed_ = on;
  }
  cv_.notify_all();
}

void RedisSubscriber::loop() {
  auto backoff = kMinBackoff;
  auto next_connect = Clock::now();
  auto next_tick = Clock::now() + tick_;
  while (!stopping_) {
    if (!ctx_ && Clock::now() >= next_connect) {
      if (subscribe()) {
        backoff = kMinBackoff;
      } else {
        next_connect = Clock::now() + backoff;
        backoff = std::min(backoff * 2, kMaxBackoff);
      }
    }
    if (ctx_ && !read_some()) {
      redisFree(ctx_);
      ctx_ = nullptr;
      set_subscribed(false);
      next_connect = Clock::now() + backoff;
    }
    if (!ctx_) std::this_thread::sleep_for(std::min(tick_, kMinBackoff));
    if (Clock::now() >= next_tick) {
      next_tick = Clock::now() + tick_;
      if (handlers_.on_tick) handlers_.on_tick();
    }
  }
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
}

bool RedisSubscriber::subscribe() {
  std::string error;
  ctx_ = open_redis_connection(endpoint_, kConnectTimeout, error);
  if (!ctx_) return false;
  std::vector<std::string> cmd{"SUBSCRIBE"};
  cmd.insert(cmd.end(), channels_.begin(), channels_.end());
  RedisArgv a(cmd);
  redisAppendCommandArgv(ctx_, a.argc(), a.argv.data(), a.lens.data());
  // One confirmation per channel; the connection's timeout bounds each.
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    void* reply = nullptr;
    if (redisGetReply(ctx_, &reply) != REDIS_OK || !reply) {
      redisFree(ctx_);
      ctx_ = nullptr;
      return false;
    }
    freeReplyObject(reply);
  }
  set_subscribed(true);
  return true;
}

// Reads what has arrived within one tick and delivers every whole message.
// poll() first, so the read never blocks past the tick and stop() is seen.
bool RedisSubscriber::read_some() {
  pollfd p{ctx_->fd, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(tick_.count()));
  if (ready < 0) return errno == EINTR;
  if (ready == 0) return true;
  if (redisBufferRead(ctx_) != REDIS_OK) return false;
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(ctx_, &raw) != REDIS_OK) return false;
    if (!raw) return true;
    const RedisReply r = RedisReply::from(*static_cast<redisReply*>(raw));
    freeReplyObject(raw);
    // ["message", channel, payload]; anything else (a late confirmation) is skipped.
    if (r.type == RedisReply::Type::kArray && r.elements.size() == 3 &&
        r.elements[0].str == "message") {
      handlers_.on_message(r.elements[1].str, r.elements[2].str);
    }
  }
}

}  // namespace voxgate::cluster
