#include "cluster/redis_worker.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <optional>

#include "cluster/redis_connection.hpp"

namespace voxgate::cluster {
namespace {

using common::unexpected;
using Clock = std::chrono::steady_clock;

ClusterResult<RedisReply> unavailable(const std::string& why) {
  return unexpected("redis unavailable: " + why);
}

}  // namespace

RedisWorker::RedisWorker(RedisWorkerOptions opts)
    : opts_(std::move(opts)), backoff_(opts_.min_backoff), next_connect_(Clock::now()) {
  thread_ = std::thread([this] { loop(); });
}

RedisWorker::~RedisWorker() {
  stop();
}

void RedisWorker::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    connected_ = false;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
}

void RedisWorker::run(Command cmd, Callback done) {
  std::unique_lock lock(mu_);
  std::string refusal;
  if (stopping_) {
    refusal = "stopping";
  } else if (!connected_) {
    refusal = last_error_;
  } else if (queue_.size() >= opts_.max_queued) {
    refusal = "too many commands queued";
  }
  if (!refusal.empty()) {
    lock.unlock();
    done(unavailable(refusal));
    return;
  }
  queue_.push_back(Job{std::move(cmd), std::move(done)});
  lock.unlock();
  cv_.notify_all();
}

std::size_t RedisWorker::every(std::chrono::milliseconds period, std::function<void()> task) {
  std::size_t id = 0;
  {
    std::lock_guard lock(mu_);
    id = next_periodic_id_++;
    periodics_.push_back(Periodic{id, period, std::move(task), Clock::now() + period});
  }
  cv_.notify_all();
  return id;
}

void RedisWorker::cancel(std::size_t periodic_id) {
  std::lock_guard running(periodic_run_mu_);
  std::lock_guard lock(mu_);
  std::erase_if(periodics_, [periodic_id](const Periodic& p) { return p.id == periodic_id; });
}

bool RedisWorker::connected() const {
  std::lock_guard lock(mu_);
  return connected_;
}

bool RedisWorker::wait_connected(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return connected_ || stopping_; }) && connected_;
}

std::string RedisWorker::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

void RedisWorker::loop() {
  for (;;) {
    if (!ctx_ && Clock::now() >= next_connect_) {
      std::string error;
      const bool ok = connect(error);
      std::lock_guard lock(mu_);
      connected_ = ok;
      last_error_ = ok ? "" : error;
      if (ok) {
        backoff_ = opts_.min_backoff;
      } else {
        next_connect_ = Clock::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, opts_.max_backoff);
      }
      cv_.notify_all();
    }
    std::unique_lock lock(mu_);
    cv_.wait_until(lock, next_wakeup(), [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    std::optional<Job> job;
    if (!queue_.empty()) {
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    if (job) job->done(execute(job->cmd));
    if (ctx_) run_due_periodics();
  }
  fail_queued("stopping");
}

std::chrono::steady_clock::time_point RedisWorker::next_wakeup() const {
  // Called with mu_ held.
  auto next = ctx_ ? Clock::now() + std::chrono::seconds(1) : next_connect_;
  if (ctx_) {
    for (const auto& p : periodics_) next = std::min(next, p.next);
  }
  return next;
}

void RedisWorker::run_due_periodics() {
  std::lock_guard running(periodic_run_mu_);
  std::vector<std::function<void()>> due;
  {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    for (auto& p : periodics_) {
      if (p.next <= now) {
        due.push_back(p.task);
        p.next = now + p.period;
      }
    }
  }
  for (auto& task : due) task();
}

bool RedisWorker::connect(std::string& error) {
  ctx_ = open_redis_connection(opts_.endpoint, opts_.command_timeout, error);
  return ctx_ != nullptr;
}

ClusterResult<RedisReply> RedisWorker::execute(const Command& cmd) {
  if (!ctx_) return unavailable(last_error());
  RedisArgv a(cmd);
  auto* reply =
      static_cast<redisReply*>(redisCommandArgv(ctx_, a.argc(), a.argv.data(), a.lens.data()));
  if (!reply) {
    const std::string why = ctx_->errstr[0] ? ctx_->errstr : "connection lost";
    disconnect(why);
    return unavailable(why);
  }
  RedisReply out = RedisReply::from(*reply);
  freeReplyObject(reply);
  if (out.is_error()) return unexpected("redis error: " + out.str);
  return out;
}

void RedisWorker::disconnect(const std::string& why) {
  redisFree(ctx_);
  ctx_ = nullptr;
  {
    std::lock_guard lock(mu_);
    connected_ = false;
    last_error_ = why;
    next_connect_ = Clock::now() + backoff_;
  }
  // Commands queued behind the failed one would each wait out a timeout.
  fail_queued(why);
}

void RedisWorker::fail_queued(const std::string& why) {
  std::deque<Job> jobs;
  {
    std::lock_guard lock(mu_);
    jobs.swap(queue_);
  }
  for (auto& job : jobs) job.done(unavailable(why));
}

}  // namespace voxgate::cluster
