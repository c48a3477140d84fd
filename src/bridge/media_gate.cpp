#include "bridge/media_gate.hpp"

namespace voxgate::bridge {

MediaGate::Ticket::~Ticket() {
  gate_.release(address_, admitted_);
}

bool MediaGate::Ticket::admit() {
  if (admitted_) return true;
  admitted_ = gate_.admit(address_);
  return admitted_;
}

std::unique_ptr<MediaGate::Ticket> MediaGate::open(const boost::asio::ip::address& address) {
  std::lock_guard lock(mu_);
  auto& open = open_by_address_[address];
  if (open >= limits_.max_open_per_address) {
    if (open == 0) open_by_address_.erase(address);
    return nullptr;
  }
  ++open;
  ++unadmitted_;
  return std::unique_ptr<Ticket>(new Ticket(*this, address));
}

bool MediaGate::admit(const boost::asio::ip::address& address) {
  std::lock_guard lock(mu_);
  if (admitted_ >= limits_.max_calls) return false;
  ++admitted_;
  --unadmitted_;
  // An admitted call no longer counts toward its address's open sockets.
  if (auto it = open_by_address_.find(address); it != open_by_address_.end()) {
    if (--it->second == 0) open_by_address_.erase(it);
  }
  return true;
}

void MediaGate::release(const boost::asio::ip::address& address, bool admitted) {
  std::lock_guard lock(mu_);
  if (admitted) {
    --admitted_;
    return;
  }
  --unadmitted_;
  if (auto it = open_by_address_.find(address); it != open_by_address_.end()) {
    if (--it->second == 0) open_by_address_.erase(it);
  }
}

std::size_t MediaGate::admitted() const {
  std::lock_guard lock(mu_);
  return admitted_;
}

std::size_t MediaGate::unadmitted() const {
  std::lock_guard lock(mu_);
  return unadmitted_;
}

}  // namespace voxgate::bridge
