// README Security: the signature check and the stream token are on when a
// Twilio auth token is configured, off when none is, and explicit settings win.

#include <gtest/gtest.h>

#include "config/config_loader.hpp"

namespace voxgate::config {
namespace {

Config finish_ok(ConfigLoader& l) {
  auto c = l.finish();
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? *c : Config{};
}

TEST(TwilioChecks, OffWithoutAnAuthToken) {
  ConfigLoader l;
  const auto c = finish_ok(l);
  EXPECT_FALSE(c.server.validate_twilio_signature);
  EXPECT_FALSE(c.server.stream_token);
}

TEST(TwilioChecks, OnWhenAnAuthTokenIsSet) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_env({{"TWILIO_AUTH_TOKEN", "tok"}}));
  const auto c = finish_ok(l);
  EXPECT_TRUE(c.server.validate_twilio_signature);
  EXPECT_TRUE(c.server.stream_token);
  EXPECT_EQ(c.server.stream_token_ttl_ms, 60000);
}

// Each carrier's secret is read under the name its own samples use, as
// under its generic VOXGATE_SERVER_* name.
TEST(CarrierSecrets, ReadFromEachCarriersOwnEnvironmentName) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_env({{"TELNYX_PUBLIC_KEY", "c476Qwetcy3U3eR6+TUReIs9siRj/7gbEaOIOGZNUnE="},
                           {"VONAGE_SIGNATURE_SECRET", "vs"},
                           {"PLIVO_AUTH_TOKEN", "pt"},
                           {"SIGNALWIRE_SIGNING_KEY", "sk"}}));
  const auto c = finish_ok(l);
  EXPECT_EQ(c.server.telnyx_public_key, "c476Qwetcy3U3eR6+TUReIs9siRj/7gbEaOIOGZNUnE=");
  EXPECT_EQ(c.server.vonage_signature_secret, "vs");
  EXPECT_EQ(c.server.plivo_auth_token, "pt");
  EXPECT_EQ(c.server.signalwire_signing_key, "sk");
}

TEST(TwilioChecks, ExplicitFalseTurnsEachOff) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_toml(
      "[server]\ntwilio_auth_token = \"tok\"\nvalidate_twilio_signature = false\n", "t.toml"));
  auto c = finish_ok(l);
  EXPECT_FALSE(c.server.validate_twilio_signature);
  EXPECT_TRUE(c.server.stream_token);
  ASSERT_TRUE(l.apply_override("server.stream_token", "false"));
  ASSERT_TRUE(l.apply_override("server.validate_twilio_signature", "auto"));
  c = finish_ok(l);
  EXPECT_TRUE(c.server.validate_twilio_signature);
  EXPECT_FALSE(c.server.stream_token);
}

TEST(TwilioChecks, StreamTokenWithoutAnySecretIsAnError) {
  ConfigLoader l;
  ASSERT_TRUE(l.apply_override("server.stream_token", "true"));
  auto c = l.finish();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("VOXGATE_STREAM_TOKEN_SECRET"), std::string::npos);
  ASSERT_TRUE(l.apply_env({{"VOXGATE_STREAM_TOKEN_SECRET", "s3cret"}}));
  const auto ok = finish_ok(l);
  EXPECT_TRUE(ok.server.stream_token);
  EXPECT_FALSE(ok.server.validate_twilio_signature);
  EXPECT_EQ(ok.server.stream_token_secret, "s3cret");
  EXPECT_EQ(describe(ok).find("s3cret"), std::string::npos);
}

TEST(TwilioChecks, BadSettingNamesTheChoices) {
  ConfigLoader l;
  auto r = l.apply_override("server.stream_token", "maybe");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("true, false or auto"), std::string::npos);
}

}  // namespace
}  // namespace voxgate::config
