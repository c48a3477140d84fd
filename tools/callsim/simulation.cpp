#include "callsim/simulation.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "callsim/call_driver.hpp"

namespace voxgate::callsim {
namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// ws://host[:port][/path][?query]; wss is not supported (loopback tool).
bool check_url(const std::string& url, std::string& error) {
  auto u = boost::urls::parse_uri(url);
  if (!u || u->scheme() != "ws" || u->host().empty()) {
    error = "bad --url '" + url + "': want ws://HOST[:PORT]/PATH";
    return false;
  }
  return true;
}

// One run: launches the calls on a ramp, collects their reports, prints
// progress. Shared by its timers and the calls' done callbacks; the report
// list is guarded by a mutex because calls end on any of ioc's threads.
class Simulation : public std::enable_shared_from_this<Simulation> {
 public:
  Simulation(asio::io_context& ioc, SimOptions opts, std::function<void(SimReport)> done)
      : ioc_(ioc),
        opts_(std::make_shared<const SimOptions>(std::move(opts))),
        done_(std::move(done)),
        ramp_(asio::make_strand(ioc)),
        progress_(ramp_.get_executor()),
        live_(std::make_shared<LiveCounters>()) {}

  void start() {
    started_ = std::chrono::steady_clock::now();
    report_.url = opts_->url;
    report_.carrier = std::string(carrier_name(opts_->carrier));
    report_.calls.resize(size_t(std::max(opts_->calls, 0)));
    std::string error;
    if (check_url(opts_->url, error)) wav_ = AudioSource::load(*opts_, error);
    if (!error.empty() || opts_->calls <= 0) {
      report_.setup_error = error.empty() ? "no calls to make" : error;
      report_.calls.clear();
      return asio::post(ioc_, [self = shared_from_this()] { self->complete(); });
    }
    nonce_ = std::random_device{}() * 0x100000000ull + std::random_device{}();
    asio::post(ramp_.get_executor(), [self = shared_from_this()] { self->launch_due(); });
    if (opts_->progress_every_s > 0) schedule_progress();
  }

 private:
  void launch_due() {
    const auto now = std::chrono::steady_clock::now();
    const double rate = opts_->ramp_per_sec > 0 ? opts_->ramp_per_sec : 1e9;
    // Absolute schedule: call i starts at started_ + i / rate.
    auto due_at = [&](int i) {
      return started_ + std::chrono::duration_cast<common::Duration>(
                            std::chrono::duration<double>(double(i) / rate));
    };
    while (launched_ < opts_->calls && due_at(launched_) <= now) launch(launched_++);
    if (launched_ < opts_->calls) {
      ramp_.expires_at(due_at(launched_));
      ramp_.async_wait([self = shared_from_this()](error_code ec) {
        if (!ec) self->launch_due();
      });
    }
  }

  void launch(int i) {
    // A per-run nonce keeps the ids of different runs apart.
    auto ids = make_stream_ids(opts_->carrier, nonce_, i, opts_->account_sid);
    if (i == 0 && !opts_->call_id.empty()) ids.call_sid = opts_->call_id;
    auto call = std::make_shared<CallDriver>(
        asio::make_strand(ioc_), opts_, i, std::move(ids), wav_, live_,
        [self = shared_from_this()](CallReport r) { self->on_call_done(std::move(r)); });
    call->start();
  }

  void on_call_done(CallReport r) {
    bool all_done = false;
    {
      std::lock_guard lock(mu_);
      const size_t i = size_t(r.index);
      report_.calls[i] = std::move(r);
      all_done = ++finished_ == opts_->calls;
      if (!report_.calls[i].ok) ++failed_;
    }
    if (all_done) complete();
  }

  void schedule_progress() {
    progress_.expires_after(std::chrono::duration_cast<common::Duration>(
        std::chrono::duration<double>(opts_->progress_every_s)));
    progress_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->completed_) return;
      self->print_progress();
      self->schedule_progress();
    });
  }

  void print_progress() {
    int finished = 0, failed = 0;
    {
      std::lock_guard lock(mu_);
      finished = finished_;
      failed = failed_;
    }
    std::fprintf(stderr,
                 "callsim: %5.1fs started %d/%d active %d done %d failed %d media sent %llu "
                 "received %llu protocol errors %llu\n",
                 common::ms_between(started_, std::chrono::steady_clock::now()) / 1000.0, launched_,
                 opts_->calls, live_->active.load(), finished, failed,
                 (unsigned long long)live_->media_sent.load(),
                 (unsigned long long)live_->media_received.load(),
                 (unsigned long long)live_->protocol_errors.load());
  }

  void complete() {
    report_.wall_s = common::ms_between(started_, std::chrono::steady_clock::now()) / 1000.0;
    report_.totals = compute_totals(report_.calls);
    asio::post(ramp_.get_executor(), [self = shared_from_this()] {
      self->completed_ = true;
      self->progress_.cancel();
    });
    if (!opts_->json_path.empty()) {
      std::ofstream f(opts_->json_path);
      f << boost::json::serialize(to_json(report_)) << "\n";
      if (!f) report_.setup_error = "cannot write " + opts_->json_path;
    }
    if (done_) std::exchange(done_, nullptr)(std::move(report_));
  }

  asio::io_context& ioc_;
  std::shared_ptr<const SimOptions> opts_;
  std::function<void(SimReport)> done_;
  asio::steady_timer ramp_;
  asio::steady_timer progress_;
  std::shared_ptr<LiveCounters> live_;
  std::shared_ptr<const std::vector<uint8_t>> wav_;
  uint64_t nonce_ = 0;
  common::TimePoint started_{};
  int launched_ = 0;        // on the ramp strand
  bool completed_ = false;  // on the ramp strand
  std::mutex mu_;
  int finished_ = 0, failed_ = 0;  // guarded by mu_
  SimReport report_;               // calls guarded by mu_ until complete()
};

}  // namespace

void run_calls(asio::io_context& ioc, SimOptions opts, std::function<void(SimReport)> done) {
  std::make_shared<Simulation>(ioc, std::move(opts), std::move(done))->start();
}

SimReport run_simulation(SimOptions opts) {
  asio::io_context ioc;
  SimReport result;
  const int threads = std::max(opts.threads, 1);
  run_calls(ioc, std::move(opts), [&result](SimReport r) { result = std::move(r); });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  return result;
}

}  // namespace voxgate::callsim
