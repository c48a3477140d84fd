// What the help and the error messages show as an example is a value voxgate
// accepts, in the form they show it: every key's example is taken from the
// documentation (`check-config --keys`) and from the error a bad value gets,
// and fed back through --set and the environment.

#include <gtest/gtest.h>

#include "config/cli_flags.hpp"
#include "config/config_fields.hpp"
#include "config/config_loader.hpp"

namespace voxgate::config {
namespace {

common::Result<Config, ConfigError> load_set(const std::string& set, const Env& env = {}) {
  Sources s;
  s.sets.push_back(set);
  return load(s, env);
}

// The example an error message shows, or "" when it shows none.
std::string example_in(const std::string& message, const std::string& key) {
  const std::string marker = "e.g. " + key + "=";
  const auto at = message.rfind(marker);
  return at == std::string::npos ? "" : message.substr(at + marker.size());
}

TEST(DocumentedExamples, EveryKeysDocumentedExampleIsAcceptedByDashDashSet) {
  for (const auto& doc : documented_keys()) {
    ASSERT_FALSE(doc.example.empty()) << doc.key << " documents no example";
    auto c = load_set(doc.key + "=" + doc.example);
    EXPECT_TRUE(c.ok()) << doc.key << "=" << doc.example << ": "
                        << (c.ok() ? "" : c.error().message);
  }
}

TEST(DocumentedExamples, EveryKeysDocumentedExampleIsAcceptedFromTheEnvironment) {
  for (const auto& doc : documented_keys()) {
    auto c = load(Sources{}, Env{{doc.env, doc.example}});
    EXPECT_TRUE(c.ok()) << doc.env << "=" << doc.example << ": "
                        << (c.ok() ? "" : c.error().message);
  }
}

TEST(DocumentedExamples, TheExampleAnErrorShowsIsAccepted) {
  int errors_seen = 0;
  for (const auto& f : fields()) {
    auto bad = load_set(f.key + "=not a valid value!");
    if (bad.ok()) continue;  // free text: nothing is refused, no error to read
    ++errors_seen;
    const std::string shown = example_in(bad.error().message, f.key);
    if (f.secret) continue;
    ASSERT_FALSE(shown.empty()) << "no example in: " << bad.error().message;
    auto c = load_set(f.key + "=" + shown);
    EXPECT_TRUE(c.ok()) << bad.error().message << "\n-> " << (c.ok() ? "" : c.error().message);
  }
  EXPECT_GT(errors_seen, 20);  // the typed keys (numbers, choices, lists) refuse it
}

TEST(DocumentedExamples, AListKeyTakesATomlArrayACommaListOrOneValue) {
  const std::vector<std::string> both = {"+15550100", "sip:desk@pbx.example"};
  for (const std::string written :
       {R"(["+15550100", "sip:desk@pbx.example"])", R"([ "+15550100","sip:desk@pbx.example" ])",
        "+15550100,sip:desk@pbx.example"}) {
    auto c = load_set("tools.transfer_allow=" + written);
    ASSERT_TRUE(c.ok()) << written << ": " << c.error().message;
    EXPECT_EQ(c->tools.transfer_allow, both) << written;
    auto e = load(Sources{}, Env{{"VOXGATE_TOOLS_TRANSFER_ALLOW", written}});
    ASSERT_TRUE(e.ok()) << written << ": " << e.error().message;
    EXPECT_EQ(e->tools.transfer_allow, both) << written;
  }
  auto one = load_set(R"(tools.transfer_allow=["+15550100"])");
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->tools.transfer_allow, std::vector<std::string>{"+15550100"});
}

TEST(DocumentedExamples, ATomlQuotedStringIsTheStringItQuotes) {
  auto c = load_set(R"(ai.voice="verse")");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->ai.voice, "verse");
  auto port = load_set("server.port='9001'");
  ASSERT_TRUE(port.ok()) << port.error().message;
  EXPECT_EQ(port->server.port, 9001);
}

TEST(DocumentedExamples, AnArrayForAOneValueKeyIsRefusedNamingTheKey) {
  auto c = load_set(R"(ai.voice=["a", "b"])");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("ai.voice"), std::string::npos) << c.error().message;
}

TEST(DocumentedExamples, AnInvalidListItemIsRefusedWithAnAcceptedExample) {
  auto c = load_set(R"(tools.transfer_allow=["+15550100", "not a number"])");
  ASSERT_FALSE(c.ok());
  const std::string shown = example_in(c.error().message, "tools.transfer_allow");
  ASSERT_FALSE(shown.empty()) << c.error().message;
  EXPECT_TRUE(load_set("tools.transfer_allow=" + shown).ok()) << shown;
}

TEST(DocumentedExamples, ThePrintedConfigurationReadsBackAsAFile) {
  auto c = load_set(R"(tools.transfer_allow=["+15550100", "sip:desk@pbx.example"])");
  ASSERT_TRUE(c.ok()) << c.error().message;
  const std::string printed = describe(*c);
  EXPECT_NE(printed.find(R"(transfer_allow = ["+15550100", "sip:desk@pbx.example"])"),
            std::string::npos)
      << printed;
  ConfigLoader again;
  auto r = again.apply_toml(printed, "printed");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(again.current().tools.transfer_allow, c->tools.transfer_allow);
}

TEST(DocumentedExamples, APrintedValueWithQuotesReadsBackUnchanged) {
  auto c = load_set(R"(ai.instructions='Say "hello" \ then wait')");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->ai.instructions, R"(Say "hello" \ then wait)");
  ConfigLoader again;
  auto r = again.apply_toml(describe(*c), "printed");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(again.current().ai.instructions, c->ai.instructions);
}

}  // namespace
}  // namespace voxgate::config
