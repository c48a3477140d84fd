// [tools] and [[tools.webhook]] (docs/tools.md): parsing, validation, env secret.
#include <gtest/gtest.h>

#include "config/config_loader.hpp"

namespace voxgate::config {
namespace {

constexpr const char* kTools = R"(
[tools]
secret = "s3cret"
transfer_allow = ["+15550100", "sip:desk@pbx.example"]

[[tools.webhook]]
name = "lookup_booking"
description = "Find a booking by name"
url = "https://hooks.example/lookup"
timeout_ms = 2500
headers = { X-Api-Key = "k1" }
parameters = { type = "object", properties = { name = { type = "string" } }, required = ["name"] }

[[tools.webhook]]
name = "note"
url = "http://127.0.0.1:9000/note"
)";

TEST(ToolConfig, WebhooksSecretAndAllowListParsed) {
  ConfigLoader l;
  auto r = l.apply_toml(kTools, "t.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto c = l.finish();
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->tools.webhooks.size(), 2u);
  const auto& w = c->tools.webhooks[0];
  EXPECT_EQ(w.name, "lookup_booking");
  EXPECT_EQ(w.timeout_ms, 2500);
  ASSERT_EQ(w.headers.size(), 1u);
  EXPECT_EQ(w.headers[0].first, "X-Api-Key");
  EXPECT_NE(w.parameters_json.find("\"required\""), std::string::npos);
  EXPECT_NE(w.parameters_json.find("\"name\""), std::string::npos);
  EXPECT_EQ(c->tools.webhooks[1].timeout_ms, 5000);
  EXPECT_EQ(c->tools.transfer_allow,
            (std::vector<std::string>{"+15550100", "sip:desk@pbx.example"}));
  EXPECT_TRUE(transfer_allowed(c->tools.transfer_allow, "+15550100"));
  EXPECT_FALSE(transfer_allowed(c->tools.transfer_allow, "+15550101"));
}

TEST(ToolConfig, SecretFromEnvironmentAndNeverShown) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_toml("[[tools.webhook]]\nname = \"a\"\nurl = \"https://x/a\"\n", "t"));
  EXPECT_FALSE(l.finish().ok());  // a webhook without a secret
  ASSERT_TRUE(l.apply_env({{"VOXGATE_TOOLS_SECRET", "from-env"}}));
  auto c = l.finish();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->tools.secret, "from-env");
  EXPECT_EQ(describe(*c).find("from-env"), std::string::npos);
}

TEST(ToolConfig, ClearErrors) {
  struct Case {
    const char* toml;
    const char* says;
  };
  const Case cases[] = {
      {"[[tools.webhook]]\nname = \"bad name\"\nurl = \"https://x\"\n", "letters, digits"},
      {"[[tools.webhook]]\nname = \"end_call\"\nurl = \"https://x\"\n", "built-in"},
      {"[[tools.webhook]]\nname = \"a\"\nurl = \"ftp://x\"\n", "http:// or https://"},
      {"[[tools.webhook]]\nname = \"a\"\nurl = \"https://x\"\ntimeout_ms = 5\n", "100 to 60000"},
      {"[[tools.webhook]]\nname = \"a\"\nurl = \"https://x\"\nparameters = \"{}\"\n", "TOML table"},
      {"[[tools.webhook]]\nname = \"a\"\nurl = \"https://x\"\nmethod = \"GET\"\n", "unknown key"},
      {"[[tools.webhook]]\nname = \"a\"\nurl = \"https://x\"\n[[tools.webhook]]\nname = \"a\"\n"
       "url = \"https://y\"\n",
       "twice"},
      {"[tools]\ntransfer_allow = [\"5550100\"]\n", "tools.transfer_allow"},
  };
  for (const auto& k : cases) {
    ConfigLoader l;
    auto r = l.apply_toml(k.toml, "t.toml");
    ASSERT_FALSE(r.ok()) << k.toml;
    EXPECT_NE(r.error().message.find(k.says), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("t.toml"), std::string::npos);
  }
}

TEST(ToolConfig, TransferTargets) {
  EXPECT_TRUE(valid_transfer_target("+15550100"));
  EXPECT_TRUE(valid_transfer_target("sip:desk@pbx.example"));
  EXPECT_FALSE(valid_transfer_target("15550100"));
  EXPECT_FALSE(valid_transfer_target("+1555x"));
  EXPECT_FALSE(valid_transfer_target("sip:@x"));
  EXPECT_FALSE(valid_transfer_target("sip:a@b<c"));
}

}  // namespace
}  // namespace voxgate::config
