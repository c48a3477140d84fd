#pragma once
// StreamTokens::redeem with this process's replay set, whose answer comes in
// line: the verdict at once, for the server's tests.

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

#include "bridge/stream_token.hpp"

namespace voxgate::server {

inline bridge::StreamTokenVerdict redeem_now(bridge::StreamTokens& tokens, std::string_view token,
                                             std::string_view call_sid) {
  std::optional<bridge::StreamTokenVerdict> out;
  tokens.redeem(token, call_sid, [&](bridge::StreamTokenVerdict v) { out = std::move(v); });
  EXPECT_TRUE(out.has_value()) << "the in-process replay set answers in line";
  return out ? *out
             : bridge::StreamTokenVerdict(common::unexpected(bridge::StreamTokenError::kMissing));
}

}  // namespace voxgate::server
