#pragma once
// TransferBook: which calls were handed to a person, and to whom (transfer_call, docs/tools.md).
// The call's runner writes an entry (keyed by CallSid) when a transfer is
// accepted; POST /twiml/after, which Twilio requests when the <Connect>
// stream ends, reads it to answer <Dial>. Entries expire (the action request
// follows the stream's end within seconds), and the book is bounded, so a
// flood of transfers cannot grow it without limit.
//
// Owner: the app. Thread-safe (a mutex held for map operations only).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"

namespace voxgate::bridge {

class TransferBook {
 public:
  explicit TransferBook(const common::Clock& clock, common::Millis ttl = std::chrono::minutes(5),
                        std::size_t capacity = 10000);

  void add(const std::string& call_sid, const std::string& target);
  // The target, if `call_sid` was transferred and the entry has not expired.
  // The entry stays until it expires: Twilio may retry the action request.
  std::optional<std::string> find(const std::string& call_sid) const;
  std::size_t size() const;

 private:
  struct Entry {
    std::string target;
    common::TimePoint expires;
  };
  void purge(common::TimePoint now);

  const common::Clock& clock_;
  const common::Millis ttl_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace voxgate::bridge
