// Every shortcut flag of `voxgate serve --help` and every environment
// variable (VOXGATE_<SECTION>_<KEY> and the aliases) reaches its Config
// field; flags are parsed by CLI11 exactly as the commands register them.

#include "config/cli_flags.hpp"

#include <gtest/gtest.h>

#include "config/config_fields.hpp"
#include "config/host_port.hpp"
#include "unit/config/key_samples.hpp"

namespace voxgate::config {
namespace {

using testing::key_samples;
using testing::sample_for;

// Parses `args` (after the program name) as a command with add_flags().
Sources parse(std::vector<std::string> args) {
  CLI::App app;
  Sources s;
  add_flags(app, s);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  app.parse(reversed);  // CLI11 takes the arguments last first
  return s;
}

Config load_ok(const Sources& s, const Env& env = {}) {
  auto c = load(s, env);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : Config{};
}

std::string value_of(const Config& c, const std::string& key) {
  const Field* f = find_field(key);
  return f ? f->get(c) : "<no such key " + key + ">";
}

TEST(KeySamples, CoverEveryKeyWithAValidNonDefaultValue) {
  const Config defaults;
  for (const auto& f : fields()) {
    const std::string v = sample_for(f.key);
    ASSERT_FALSE(v.empty()) << f.key << " has no sample in tests/unit/config/key_samples.hpp";
    EXPECT_NE(f.get(defaults), v) << f.key << ": the sample is the default";
    Config c;
    EXPECT_FALSE(f.set(c, v)) << f.key << " rejects its sample " << v;
  }
  EXPECT_EQ(key_samples().size(), fields().size());
}

TEST(CliFlags, EveryShortcutSetsItsKey) {
  for (const auto& sc : shortcuts()) {
    ASSERT_NE(find_field(sc.key), nullptr) << sc.flag << " names unknown key " << sc.key;
    const std::string v = sample_for(sc.key);
    const Sources s = sc.is_switch ? parse({sc.flag}) : parse({sc.flag, v});
    EXPECT_EQ(value_of(load_ok(s), sc.key), v) << sc.flag;
  }
}

TEST(CliFlags, AiUrlSetsTheUrlAndSelectsTheUrlAgent) {
  const auto c = load_ok(parse({"--ai-url", "ws://127.0.0.1:4321/v1/realtime"}));
  EXPECT_EQ(c.ai.url, "ws://127.0.0.1:4321/v1/realtime");
  EXPECT_EQ(c.ai.agent, "url");
  // An explicit --agent wins over the implied one.
  const auto local = load_ok(parse({"--ai-url", "ws://127.0.0.1:1/x", "--agent", "local"}));
  EXPECT_EQ(local.ai.url, "ws://127.0.0.1:1/x");
  EXPECT_EQ(local.ai.agent, "local");
}

TEST(CliFlags, FileThenEnvThenFlagsThenSet) {
  Env env = {{"VOXGATE_SERVER_PORT", "9100"}, {"VOXGATE_LOG_LEVEL", "warn"}};
  auto c =
      load_ok(parse({"--port", "9200", "--log-level", "debug", "--set", "log.level=error"}), env);
  EXPECT_EQ(c.server.port, 9200);
  EXPECT_EQ(c.log.level, "error");
  c = load_ok(parse({}), env);
  EXPECT_EQ(c.server.port, 9100);
  Sources file = parse({"--config", VOXGATE_SOURCE_DIR "/examples/voxgate.toml"});
  EXPECT_EQ(file.file, VOXGATE_SOURCE_DIR "/examples/voxgate.toml");
  EXPECT_EQ(load_ok(file, env).server.port, 9100);
}

TEST(CliFlags, BadFlagValueNamesTheKey) {
  auto r = load(parse({"--port", "http"}), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("server.port"), std::string::npos) << r.error().message;
  r = load(parse({"--metrics-listen", "9464"}), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("address:port"), std::string::npos) << r.error().message;
  r = load(parse({"--set", "server.port"}), {});
  ASSERT_FALSE(r.ok());
}

TEST(ConfigEnv, EveryKeyHasAVariableThatSetsIt) {
  Env env;
  for (const auto& s : key_samples()) env[env_name(s.key)] = s.value;
  const auto c = load_ok(Sources{}, env);
  for (const auto& s : key_samples()) {
    EXPECT_EQ(value_of(c, s.key), s.value) << env_name(s.key);
  }
}

TEST(ConfigEnv, AliasesSetTheirKeys) {
  const Env env = {{"OPENAI_API_KEY", "sk-a"},
                   {"TWILIO_AUTH_TOKEN", "tw-a"},
                   {"VOXGATE_API_TOKEN", "api-a"},
                   {"VOXGATE_STREAM_TOKEN_SECRET", "st-a"}};
  const auto c = load_ok(Sources{}, env);
  EXPECT_EQ(c.ai.api_key, "sk-a");
  EXPECT_EQ(c.server.twilio_auth_token, "tw-a");
  EXPECT_TRUE(c.server.validate_twilio_signature);
  EXPECT_TRUE(c.server.stream_token);
  EXPECT_EQ(c.api.token, "api-a");
  EXPECT_EQ(c.server.stream_token_secret, "st-a");
  // The VOXGATE_<SECTION>_<KEY> form wins over the alias.
  const auto both =
      load_ok(Sources{}, {{"OPENAI_API_KEY", "sk-a"}, {"VOXGATE_AI_API_KEY", "sk-b"}});
  EXPECT_EQ(both.ai.api_key, "sk-b");
}

TEST(HostPort, ParsesAddressesAndRejectsTheRest) {
  auto v4 = parse_host_port("127.0.0.1:9464");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9464);
  auto v6 = parse_host_port("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  for (const char* bad : {"9464", ":9464", "::1:9464", "1.2.3.4:", "1.2.3.4:70000", "1.2.3.4:x",
                          "[]:1", "localhost:9464"}) {
    EXPECT_FALSE(parse_host_port(bad)) << bad;
  }
}

}  // namespace
}  // namespace voxgate::config
