#pragma once
// The answer of a shared-state operation: a value, or why the shared state
// could not answer ("redis unavailable: connection refused", ...). Callbacks
// run on the cluster's worker thread (Redis) or the caller's thread
// (in-process); a caller on an I/O thread posts the result to its executor.

#include <functional>
#include <string>

#include "common/result.hpp"

namespace voxgate::cluster {

template <typename T>
using ClusterResult = common::Result<T, std::string>;

template <typename T>
using ClusterCallback = std::function<void(ClusterResult<T>)>;

}  // namespace voxgate::cluster
