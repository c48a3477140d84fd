#pragma once
// AsrPool: pocketsphinx decoders shared by every call of one agent file.
//
// Loading the acoustic model is the slow part of a decoder (~0.15 s), so the
// decoders are built once at start-up, each with every dialogue state's
// grammar registered, and lent to whichever call has a turn to recognise.
// A decoder keeps nothing of a call between turns: each turn is decoded
// whole with its own cepstral mean (Asr::recognise) after switching to the
// turn's state grammar.
//
// Owner: shared by the LocalAgentServer and every call's engine. Thread
// safety: acquire() from any thread; a Lease is used by one thread. A
// decoder is used by one lease at a time (pocketsphinx decoders are not
// thread-safe), and as many turns are recognised at once as there are
// decoders: the server makes one per worker, so acquire() does not wait.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "agent/agent_spec.hpp"
#include "agent/asr.hpp"
#include "agent/worker_pool.hpp"

namespace voxgate::agent {

class AsrPool {
 public:
  // A lent decoder, given back when the lease ends.
  class Lease {
   public:
    Lease(AsrPool* pool, std::unique_ptr<Asr> asr) : pool_(pool), asr_(std::move(asr)) {}
    ~Lease();
    Lease(Lease&&) = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    Asr* operator->() const { return asr_.get(); }
    Asr& operator*() const { return *asr_; }

   private:
    AsrPool* pool_;
    std::unique_ptr<Asr> asr_;
  };

  // `size` decoders for `spec`, built in parallel on `workers` if given
  // (never from one of its threads). Throws std::runtime_error naming a
  // state whose grammar the recogniser rejects (typically a phrase word
  // missing from the dictionary), or if the model cannot be loaded.
  static std::shared_ptr<AsrPool> build(const AgentSpec& spec, const AsrConfig& config, int size,
                                        WorkerPool* workers = nullptr);

  // Blocks until a decoder is free.
  Lease acquire();
  size_t size() const { return size_; }

  // One decoder with every state's grammar; the throwing part of build().
  static std::unique_ptr<Asr> make_decoder(const AgentSpec& spec, const AsrConfig& config);

 private:
  explicit AsrPool(std::vector<std::unique_ptr<Asr>> decoders);
  void give_back(std::unique_ptr<Asr> asr);

  size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Asr>> free_;
};

}  // namespace voxgate::agent
