#include "callsim/cli.hpp"

#include <gtest/gtest.h>

namespace voxgate::callsim {
namespace {

std::variant<SimOptions, CliExit> parse(std::vector<std::string> args) {
  return parse_args(args);
}

int exit_code(std::vector<std::string> args) {
  auto r = parse(std::move(args));
  return std::holds_alternative<CliExit>(r) ? std::get<CliExit>(r).exit_code : -1;
}

TEST(CliTest, DefaultsMatchTheBrief) {
  auto r = parse({});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(r));
  const auto& o = std::get<SimOptions>(r);
  EXPECT_EQ(o.url, "ws://127.0.0.1:8080/media");
  EXPECT_EQ(o.calls, 1);
  EXPECT_EQ(o.ramp_per_sec, 200);
  EXPECT_EQ(o.source, SourceKind::kTone);
  EXPECT_EQ(o.tone_hz, 440);
}

TEST(CliTest, ParsesDtmfParamsAndSource) {
  auto r = parse({"--calls", "20", "--seconds", "3", "--dtmf", "2500:#", "--dtmf", "1500:5",
                  "--param", "tenant=acme", "--param", "lang=en=US", "--silence"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(r)) << std::get<CliExit>(r).text;
  const auto& o = std::get<SimOptions>(r);
  EXPECT_EQ(o.calls, 20);
  EXPECT_EQ(o.seconds, 3);
  EXPECT_EQ(o.source, SourceKind::kSilence);
  ASSERT_EQ(o.dtmf.size(), 2u);
  EXPECT_EQ(o.dtmf[0], (DtmfPress{1500, "5"}));  // sorted by time
  EXPECT_EQ(o.dtmf[1], (DtmfPress{2500, "#"}));
  ASSERT_EQ(o.custom_parameters.size(), 2u);
  EXPECT_EQ(o.custom_parameters[1], (std::pair<std::string, std::string>{"lang", "en=US"}));
}

TEST(CliTest, CarrierPicksTheDialectAndTheDefaultPath) {
  auto r = parse({"--carrier", "vonage", "--sample-rate", "16000"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(r)) << std::get<CliExit>(r).text;
  const auto& o = std::get<SimOptions>(r);
  EXPECT_EQ(o.carrier, Carrier::kVonage);
  EXPECT_EQ(o.sample_rate, 16000);
  EXPECT_EQ(o.url, "ws://127.0.0.1:8080/media/vonage");
  EXPECT_EQ(std::get<SimOptions>(parse({})).carrier, Carrier::kTwilio);
  // An explicit --url wins over the carrier's path.
  auto t = parse({"--carrier", "telnyx", "--reorder-window", "4", "--url", "ws://h:1/x"});
  ASSERT_TRUE(std::holds_alternative<SimOptions>(t));
  EXPECT_EQ(std::get<SimOptions>(t).url, "ws://h:1/x");
  EXPECT_EQ(std::get<SimOptions>(t).reorder_window, 4);
  EXPECT_EQ(exit_code({"--carrier", "bandwidth"}), kExitUsage);
  EXPECT_EQ(exit_code({"--sample-rate", "24000"}), kExitUsage);
}

TEST(CliTest, HelpExitsZeroAndDocumentsExitStatus) {
  auto r = parse({"--help"});
  ASSERT_TRUE(std::holds_alternative<CliExit>(r));
  EXPECT_EQ(std::get<CliExit>(r).exit_code, kExitOk);
  EXPECT_NE(std::get<CliExit>(r).text.find("Exit status"), std::string::npos);
  EXPECT_NE(std::get<CliExit>(r).text.find("--carrier"), std::string::npos);
}

TEST(CliTest, RejectsBadArguments) {
  EXPECT_EQ(exit_code({"--calls", "0"}), kExitUsage);
  EXPECT_EQ(exit_code({"--calls", "many"}), kExitUsage);
  EXPECT_EQ(exit_code({"--seconds", "-1"}), kExitUsage);
  EXPECT_EQ(exit_code({"--dtmf", "1500"}), kExitUsage);
  EXPECT_EQ(exit_code({"--dtmf", "x:5"}), kExitUsage);
  EXPECT_EQ(exit_code({"--dtmf", "100:55"}), kExitUsage);
  EXPECT_EQ(exit_code({"--dtmf", "100:E"}), kExitUsage);
  EXPECT_EQ(exit_code({"--param", "novalue"}), kExitUsage);
  EXPECT_EQ(exit_code({"--url", "http://x/media"}), kExitUsage);
  EXPECT_EQ(exit_code({"--silence", "--tone-hz", "300"}), kExitUsage);
  EXPECT_EQ(exit_code({"--wav", "/nonexistent/file.wav"}), kExitUsage);
  EXPECT_EQ(exit_code({"--bogus"}), kExitUsage);
}

}  // namespace
}  // namespace voxgate::callsim
