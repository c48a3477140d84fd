#include "agent/asr_pool.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>

#include "agent/dialogue.hpp"

namespace voxgate::agent {

AsrPool::Lease::~Lease() {
  if (asr_) pool_->give_back(std::move(asr_));
}

std::unique_ptr<Asr> AsrPool::make_decoder(const AgentSpec& spec, const AsrConfig& config) {
  auto asr = std::make_unique<Asr>(config);
  for (const auto& state : spec.states) {
    if (!asr->set_grammar(state.name, Dialogue::grammar_for(state))) {
      throw std::runtime_error(
          "agent state '" + state.name +
          "': recogniser rejected its grammar (a phrase word missing from the dictionary?)");
    }
  }
  return asr;
}

std::shared_ptr<AsrPool> AsrPool::build(const AgentSpec& spec, const AsrConfig& config, int size,
                                        WorkerPool* workers) {
  const auto n = static_cast<size_t>(std::max(1, size));
  std::vector<std::unique_ptr<Asr>> decoders(n);
  std::vector<std::string> errors(n);
  std::vector<std::function<void()>> jobs;
  for (size_t i = 0; i < n; ++i) {
    jobs.emplace_back([&, i] {
      try {
        decoders[i] = make_decoder(spec, config);
      } catch (const std::exception& ex) {
        errors[i] = ex.what();
      }
    });
  }
  if (workers != nullptr) {
    workers->run_all(jobs);
  } else {
    for (auto& job : jobs) job();
  }
  for (const auto& e : errors) {
    if (!e.empty()) throw std::runtime_error(e);
  }
  return std::shared_ptr<AsrPool>(new AsrPool(std::move(decoders)));
}

AsrPool::AsrPool(std::vector<std::unique_ptr<Asr>> decoders)
    : size_(decoders.size()), free_(std::move(decoders)) {}

AsrPool::Lease AsrPool::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [&] { return !free_.empty(); });
  std::unique_ptr<Asr> asr = std::move(free_.back());
  free_.pop_back();
  return Lease(this, std::move(asr));
}

void AsrPool::give_back(std::unique_ptr<Asr> asr) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(asr));
  }
  freed_.notify_one();
}

}  // namespace voxgate::agent
