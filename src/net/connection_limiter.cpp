#include "net/connection_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace voxgate::net {

namespace {

using Address = boost::asio::ip::address;

// ::ffff:a.b.c.d and a.b.c.d are the same client.
Address normalise(const Address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
  }
  return a;
}

const common::Clock& steady() {
  static const common::SteadyClock kClock;
  return kClock;
}

}  // namespace

std::string_view to_string(Refusal r) {
  switch (r) {
    case Refusal::kNone:
      return "none";
    case Refusal::kRate:
      return "rate";
    case Refusal::kHandshakes:
      return "handshakes";
    case Refusal::kCapacity:
      return "capacity";
    case Refusal::kOverload:
      return "overload";
  }
  return "unknown";
}

ConnectionLimiter::ConnectionLimiter(ConnectionLimits limits, const common::Clock* clock)
    : limits_(std::move(limits)), clock_(clock ? *clock : steady()) {}

std::shared_ptr<ConnectionLimiter> ConnectionLimiter::make(ConnectionLimits limits,
                                                           const common::Clock* clock) {
  return std::make_shared<ConnectionLimiter>(std::move(limits), clock);
}

void ConnectionLimiter::refill(PerIp& p, common::TimePoint now) const {
  const double elapsed = std::chrono::duration<double>(now - p.refilled).count();
  p.tokens =
      std::min(limits_.burst_per_ip, p.tokens + std::max(0.0, elapsed) * limits_.rate_per_ip);
  p.refilled = now;
}

bool ConnectionLimiter::idle(const PerIp& p, common::TimePoint now) const {
  if (p.handshakes > 0) return false;
  if (limits_.rate_per_ip <= 0) return true;
  const double elapsed = std::chrono::duration<double>(now - p.refilled).count();
  return p.tokens + elapsed * limits_.rate_per_ip >= limits_.burst_per_ip;
}

Refusal ConnectionLimiter::check(const Address& ip, common::TimePoint now,
                                 std::chrono::seconds& retry_after) {
  if (limits_.max_connections > 0 && open_ >= limits_.max_connections) {
    retry_after = std::chrono::seconds(5);
    return Refusal::kCapacity;
  }
  auto it = per_ip_.find(ip);
  if (it == per_ip_.end()) {
    if (per_ip_.size() >= limits_.max_tracked_ips) {
      std::erase_if(per_ip_, [&](const auto& kv) { return idle(kv.second, now); });
    }
    if (per_ip_.size() >= limits_.max_tracked_ips) {
      retry_after = std::chrono::seconds(5);
      return Refusal::kCapacity;
    }
    it = per_ip_.emplace(ip, PerIp{limits_.burst_per_ip, now, 0}).first;
  }
  PerIp& p = it->second;
  if (limits_.max_handshakes_per_ip > 0 && p.handshakes >= limits_.max_handshakes_per_ip) {
    retry_after = std::chrono::seconds(1);
    return Refusal::kHandshakes;
  }
  if (limits_.rate_per_ip > 0) {
    refill(p, now);
    if (p.tokens < 1.0) {
      // Whole seconds until the next token (Retry-After has no fractions).
      const double wait = (1.0 - p.tokens) / limits_.rate_per_ip;
      retry_after = std::chrono::seconds(std::max<int64_t>(1, std::llround(std::ceil(wait))));
      return Refusal::kRate;
    }
    p.tokens -= 1.0;
  }
  ++p.handshakes;
  return Refusal::kNone;
}

ConnectionLimiter::Decision ConnectionLimiter::admit(Address ip) {
  ip = normalise(ip);
  Decision d;
  {
    std::lock_guard lock(mu_);
    d.refusal = check(ip, clock_.now(), d.retry_after);
    if (d.refusal == Refusal::kNone) {
      ++open_;
    } else if (refusing_ >= limits_.max_refusing) {
      d.refusal = Refusal::kOverload;
    } else {
      ++refusing_;
    }
  }
  if (d.refusal != Refusal::kOverload) {
    d.lease = std::make_shared<Lease>(shared_from_this(), ip, d.refusal != Refusal::kNone);
  }
  if (d.refusal == Refusal::kNone) {
    if (limits_.on_open) limits_.on_open(1);
  } else if (limits_.on_refused) {
    limits_.on_refused(d.refusal);
  }
  return d;
}

void ConnectionLimiter::end_handshake(const Address& ip) {
  std::lock_guard lock(mu_);
  auto it = per_ip_.find(ip);
  if (it == per_ip_.end()) return;
  if (it->second.handshakes > 0) --it->second.handshakes;
  if (idle(it->second, clock_.now())) per_ip_.erase(it);
}

void ConnectionLimiter::release(const Address& ip, bool handshaking, bool refused) {
  if (refused) {
    std::lock_guard lock(mu_);
    --refusing_;
    return;
  }
  if (handshaking) end_handshake(ip);
  {
    std::lock_guard lock(mu_);
    --open_;
  }
  if (limits_.on_open) limits_.on_open(-1);
}

std::size_t ConnectionLimiter::open_connections() const {
  std::lock_guard lock(mu_);
  return open_;
}

std::size_t ConnectionLimiter::handshakes_in_flight(const Address& ip) const {
  std::lock_guard lock(mu_);
  auto it = per_ip_.find(normalise(ip));
  return it == per_ip_.end() ? 0 : it->second.handshakes;
}

std::size_t ConnectionLimiter::tracked_ips() const {
  std::lock_guard lock(mu_);
  return per_ip_.size();
}

ConnectionLimiter::Lease::Lease(std::shared_ptr<ConnectionLimiter> owner, Address ip, bool refused)
    : owner_(std::move(owner)), ip_(std::move(ip)), refused_(refused) {}

ConnectionLimiter::Lease::~Lease() {
  owner_->release(ip_, handshaking_, refused_);
}

void ConnectionLimiter::Lease::handshake_done() {
  if (!handshaking_ || refused_) return;
  handshaking_ = false;
  owner_->end_handshake(ip_);
}

}  // namespace voxgate::net
