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
