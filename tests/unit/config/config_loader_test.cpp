#include "config/config_loader.hpp"

#include <gtest/gtest.h>

namespace voxgate::config {
namespace {

TEST(ConfigLoader, DefaultsAreValid) {
  ConfigLoader l;
  auto c = l.finish();
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->server.host, "127.0.0.1");
  EXPECT_EQ(c->server.port, 8080);
  EXPECT_EQ(c->ai.agent, "auto");
}

TEST(ConfigLoader, FileThenEnvThenOverrideInPrecedence) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_toml("[server]\nport = 9000\nhost = \"0.0.0.0\"\n[ai]\ndialect = \"beta\"\n",
                           "test.toml"));
  EXPECT_EQ(l.current().server.port, 9000);
  ASSERT_TRUE(l.apply_env({{"VOXGATE_SERVER_PORT", "9100"}, {"OPENAI_API_KEY", "sk-test"}}));
  EXPECT_EQ(l.current().server.port, 9100);
  EXPECT_EQ(l.current().ai.api_key, "sk-test");
  ASSERT_TRUE(l.apply_override("server.port", "9200"));
  auto c = l.finish();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->server.port, 9200);
  EXPECT_EQ(c->server.host, "0.0.0.0");
  EXPECT_EQ(c->ai.dialect, "beta");
}

TEST(ConfigLoader, BadValueNamesKeyValueAndFix) {
  ConfigLoader l;
  auto r = l.apply_toml("[server]\nport = 70000\n", "my.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("my.toml"), std::string::npos);
  EXPECT_NE(r.error().message.find("server.port"), std::string::npos);
  EXPECT_NE(r.error().message.find("70000"), std::string::npos);
  EXPECT_NE(r.error().message.find("0 to 65535"), std::string::npos);
}

TEST(ConfigLoader, UnknownKeyIsAnError) {
  ConfigLoader l;
  auto r = l.apply_toml("[server]\nprot = 1\n", "x.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("server.prot"), std::string::npos);
}

TEST(ConfigLoader, TomlSyntaxErrorHasLine) {
  ConfigLoader l;
  auto r = l.apply_toml("[server]\nport = = 1\n", "x.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("x.toml:2"), std::string::npos) << r.error().message;
}

TEST(ConfigLoader, ChoiceListsWhatIsAccepted) {
  ConfigLoader l;
  auto r = l.apply_override("log.format", "xml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("text | json"), std::string::npos);
}

TEST(ConfigLoader, BadEnvValueNamesTheVariable) {
  ConfigLoader l;
  auto r = l.apply_env({{"VOXGATE_SERVER_THREADS", "many"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("VOXGATE_SERVER_THREADS"), std::string::npos);
}

TEST(ConfigLoader, SecretsAreNeverEchoed) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_override("ai.api_key", "sk-very-secret"));
  auto c = l.finish();
  ASSERT_TRUE(c.ok());
  const std::string text = describe(*c);
  EXPECT_EQ(text.find("sk-very-secret"), std::string::npos);
  EXPECT_NE(text.find("api_key = \"<hidden>\""), std::string::npos);
  EXPECT_NE(text.find("port = \"8080\""), std::string::npos);
}

// A database URL may hold a password: check-config hides it, and a value of
// the wrong scheme is refused without being echoed.
TEST(ConfigLoader, TheStoreUrlIsASecretAndMustBePostgres) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_env({{"VOXGATE_STORE_URL", "postgresql://v:pg-pw@db:5432/calls"}}));
  EXPECT_EQ(l.current().store.url, "postgresql://v:pg-pw@db:5432/calls");
  auto c = l.finish();
  ASSERT_TRUE(c.ok()) << c.error().message;
  const std::string text = describe(*c);
  EXPECT_EQ(text.find("pg-pw"), std::string::npos);
  EXPECT_NE(text.find("url = \"<hidden>\""), std::string::npos);
  auto bad = l.apply_override("store.url", "mysql://v:my-pw@db/calls");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("a postgresql:// or postgres:// URL"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(bad.error().message.find("my-pw"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(l.apply_override("store.url", "").ok());
}

// The cluster's Redis URL may hold a password too.
TEST(ConfigLoader, TheClusterRedisUrlIsASecretAndMustBeRedis) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_env({{"VOXGATE_CLUSTER_REDIS_URL", "redis://:rd-pw@redis:6379/0"}}));
  EXPECT_EQ(l.current().cluster.redis_url, "redis://:rd-pw@redis:6379/0");
  EXPECT_EQ(l.current().cluster.replay_check_when_down, "refuse");
  auto c = l.finish();
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(describe(*c).find("rd-pw"), std::string::npos);
  auto bad = l.apply_override("cluster.redis_url", "rediss-ish://:my-pw@redis");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find("my-pw"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(l.apply_override("cluster.replay_check_when_down", "maybe").ok());
}

TEST(ConfigLoader, CrossFieldChecks) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_override("ai.agent", "openai"));
  auto c = l.finish();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("OPENAI_API_KEY"), std::string::npos);

  ConfigLoader l2;
  ASSERT_TRUE(l2.apply_override("ai.url", "http://x"));
  EXPECT_FALSE(l2.finish().ok());
}

TEST(ConfigLoader, EnvNamesFollowKeys) {
  bool found = false;
  for (const auto& k : documented_keys()) {
    if (k.key == "server.public_host") {
      EXPECT_EQ(k.env, "VOXGATE_SERVER_PUBLIC_HOST");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace voxgate::config

namespace voxgate::config {
namespace {

TEST(ConfigLoader, CallSettingsReachTheSessionConfig) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_toml(
      "[call]\nmark_interval_ms = 200\ngreeting = \"Say hi\"\nsilence_prompt = \"Still there?\"\n"
      "silence_timeout_ms = 8000\n",
      "t.toml"));
  auto c = l.finish();
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->call.mark_interval, common::Millis(200));
  EXPECT_EQ(c->call.caller_silence_timeout, common::Millis(8000));
  EXPECT_EQ(c->call.silence_prompt, std::optional<std::string>("Still there?"));
  EXPECT_EQ(c->call.greeting.instructions, std::optional<std::string>("Say hi"));
}

TEST(ConfigLoader, EmptyGreetingMeansCallerSpeaksFirst) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_override("call.greeting", ""));
  auto c = l.finish();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->call.greeting.instructions);
}

TEST(ConfigLoader, DurationOutOfRangeSaysMilliseconds) {
  ConfigLoader l;
  auto r = l.apply_override("call.mark_interval_ms", "5");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("milliseconds from 20"), std::string::npos);
}

}  // namespace
}  // namespace voxgate::config

namespace voxgate::config {
namespace {

TEST(ConfigLoader, ShippedExampleIsValid) {
  ConfigLoader l;
  auto r = l.apply_file(VOXGATE_SOURCE_DIR "/examples/voxgate.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(l.finish().ok());
}

}  // namespace
}  // namespace voxgate::config
