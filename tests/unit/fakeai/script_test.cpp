#include "fakeai/script.hpp"

#include <gtest/gtest.h>

namespace voxgate::fakeai {
namespace {

std::string load_error(std::string_view toml) {
  auto r = Script::from_toml(toml);
  return r ? std::string("<loaded>") : r.error().message;
}

TEST(ScriptTest, ShippedScriptsLoad) {
  for (const char* name : {"default.toml", "bargein.toml", "live.toml"}) {
    auto r = Script::from_file(std::string(VOXGATE_SOURCE_DIR) + "/tools/fakeai/scripts/" + name);
    ASSERT_TRUE(r) << name << ": " << r.error().message;
  }
}

TEST(ScriptTest, ProtocolKeyAndSetProtocolReachEveryCall) {
  auto r = Script::from_toml("protocol = \"live\"\n[[calls]]\nname = \"x\"\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->base().protocol, ScriptProtocol::kLive);
  EXPECT_EQ(r->calls()[0].protocol, ScriptProtocol::kLive);
  r->set_protocol(ScriptProtocol::kRealtime);
  EXPECT_EQ(r->select("x", 1).protocol, ScriptProtocol::kRealtime);
  auto bad = Script::from_toml("protocol = \"sip\"");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("protocol"), std::string::npos);
}

TEST(ScriptTest, DefaultsAndDerivedAudio) {
  auto r = Script::from_toml("response_seconds = 1.5\ntone_hz = 300");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->base().delta_ms, 100);
  EXPECT_EQ(r->base().late_deltas, 2);
  ASSERT_TRUE(r->base().reply_ulaw);
  EXPECT_EQ(r->base().reply_ulaw->size(), 12000u);  // 1.5 s of 8 kHz mu-law
}

TEST(ScriptTest, UnknownKeyIsNamed) {
  EXPECT_EQ(load_error("respnse_seconds = 2"), "respnse_seconds: unknown key");
  EXPECT_EQ(load_error("[[calls]]\nname = \"a\"\nbogus = 1"), "calls[0].bogus: unknown key");
}

TEST(ScriptTest, WrongTypesAndRangesNameTheKey) {
  EXPECT_EQ(load_error("delta_ms = \"100\""), "delta_ms must be an integer");
  EXPECT_EQ(load_error("delta_ms = 5"), "delta_ms must be >= 10");
  EXPECT_EQ(load_error("dialect = \"v2\""), "dialect must be \"ga\" or \"beta\"");
  EXPECT_EQ(load_error("interrupt_response = 1"), "interrupt_response must be true or false");
  EXPECT_NE(load_error("tone_hz = 9000").find("tone_hz must be between"), std::string::npos);
  EXPECT_NE(load_error("close_code = 42").find("close_code"), std::string::npos);
  EXPECT_EQ(load_error("[[events]]\nat_ms = 10\ntype = \"shout\""),
            "events[0].type must be \"speech_started\" or \"speech_stopped\"");
  EXPECT_EQ(load_error("[[calls]]\nlate_deltas = 1"), "calls[0].name or connection is required");
  EXPECT_NE(load_error("wav = \"/nonexistent.wav\"").find("wav: cannot read"), std::string::npos);
  EXPECT_NE(load_error("x = [").find("TOML syntax error at line 1"), std::string::npos);
}

TEST(ScriptTest, CallsOverrideBaseAndAreSelected) {
  auto r = Script::from_toml(R"(
late_deltas = 4
[[calls]]
name = "bargein"
interrupt_response = true
[[calls]]
connection = 2
refuse_connections = true
)");
  ASSERT_TRUE(r) << r.error().message;
  const auto& named = r->select("bargein", 7);
  EXPECT_TRUE(named.interrupt_response);
  EXPECT_EQ(named.late_deltas, 4);  // inherited from the base
  EXPECT_TRUE(r->select("", 2).refuse_connections);
  EXPECT_FALSE(r->select("", 3).refuse_connections);
  EXPECT_FALSE(r->select("nope", 1).interrupt_response);
}

TEST(ScriptTest, ErrorCloseDefaultsToFatalCodes) {
  CallScript c;
  c.error_code = "invalid_api_key";
  EXPECT_TRUE(c.error_closes());
  c.error_code = "server_error";
  EXPECT_FALSE(c.error_closes());
  c.error_close = true;
  EXPECT_TRUE(c.error_closes());
}

}  // namespace
}  // namespace voxgate::fakeai
