// ai.protocol: explicit, inferred from ai.url, the GPT-Live defaults, and the
// contradictions refused at start-up (config/ai_protocol.hpp).

#include "config/ai_protocol.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "config/config_loader.hpp"

namespace voxgate::config {
namespace {

using Sets = std::vector<std::pair<std::string, std::string>>;

common::Result<Config, ConfigError> load(const Sets& sets) {
  ConfigLoader l;
  for (const auto& [k, v] : sets) {
    auto r = l.apply_override(k, v);
    if (!r) return common::unexpected(r.error());
  }
  return l.finish();
}

TEST(AiProtocol, DefaultIsRealtimeWithItsUrlAndModel) {
  auto c = load({});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->ai.protocol, "realtime");
  EXPECT_EQ(c->ai.url, "wss://api.openai.com/v1/realtime");
  EXPECT_EQ(c->ai.model, "gpt-realtime");
  EXPECT_EQ(c->ai.auth, "bearer");
}

TEST(AiProtocol, ExplicitLiveWithOpenAiGetsTheLiveUrlAndModel) {
  auto c = load({{"ai.agent", "openai"}, {"ai.api_key", "sk-x"}, {"ai.protocol", "live"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->ai.protocol, "live");
  EXPECT_EQ(c->ai.url, "wss://api.openai.com/v1/live/sessions");
  EXPECT_EQ(c->ai.model, "gpt-live-1");
}

TEST(AiProtocol, LiveKeepsAnExplicitModel) {
  auto c = load({{"ai.agent", "url"},
                 {"ai.protocol", "live"},
                 {"ai.model", "my-deployment"},
                 {"ai.url", "wss://r.openai.azure.com/openai/v1/live/sessions"},
                 {"ai.auth", "api-key"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->ai.model, "my-deployment");
  EXPECT_EQ(c->ai.auth, "api-key");
}

TEST(AiProtocol, InferredFromAUrlEndingInLiveSessions) {
  for (const char* url : {"ws://127.0.0.1:9/v1/live/sessions", "wss://h/v1/live/sessions/",
                          "wss://h/openai/v1/live/sessions?x=1"}) {
    auto c = load({{"ai.agent", "url"}, {"ai.url", url}});
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->ai.protocol, "live") << url;
    EXPECT_EQ(c->ai.model, "gpt-live-1") << url;
  }
  auto other = load({{"ai.agent", "url"}, {"ai.url", "ws://127.0.0.1:9/v1/live/sessions/x"}});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->ai.protocol, "realtime");
}

TEST(AiProtocol, ContradictionsAreClearErrors) {
  auto a = load({{"ai.protocol", "realtime"}, {"ai.url", "wss://h/v1/live/sessions"}});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message.find("ai.protocol"), std::string::npos);
  EXPECT_NE(a.error().message.find("GPT-Live endpoint"), std::string::npos);
  auto b = load({{"ai.protocol", "live"}, {"ai.agent", "url"}, {"ai.url", "ws://h/v1/realtime"}});
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("Realtime endpoint"), std::string::npos);
}

// The local agent serves GPT-Live too: no URL to check, the live model.
TEST(AiProtocol, LiveWithTheLocalAgentIsAccepted) {
  auto local = load({{"ai.protocol", "live"}, {"ai.agent", "local"}});
  ASSERT_TRUE(local.ok()) << local.error().message;
  EXPECT_EQ(local->ai.protocol, "live");
  EXPECT_EQ(local->ai.model, "gpt-live-1");
}

TEST(AiProtocol, BadValuesAreRefused) {
  ConfigLoader l;
  EXPECT_FALSE(l.apply_override("ai.protocol", "grpc"));
  EXPECT_FALSE(l.apply_override("ai.auth", "basic"));
  EXPECT_FALSE(l.apply_override("ai.live_turn_gap_ms", "5"));
  EXPECT_TRUE(l.apply_override("ai.live_backend_model", "gpt-5-mini"));
}

}  // namespace
}  // namespace voxgate::config
