// BEHAVIOUR 5 "Bad input": a malformed caller message gets a counted
// rejection and the call goes on; a call that keeps sending garbage ends
// alone, without touching a healthy call beside it.

#include <gtest/gtest.h>

#include "integration/bridge_harness.hpp"
#include "integration/raw_caller.hpp"

namespace voxgate::testing {
namespace {

TEST(BadInput, MalformedCallerMessagesAreCountedAndTheCallGoesOn) {
  BridgeHarness h("response_seconds = 0.5\n");
  RawCaller caller(h.port());
  caller.send("this is not json");
  caller.send(R"({"event":"media","streamSid":"MZ1"})");                          // missing media
  caller.send(R"({"event":"media","media":{"payload":"%%%","timestamp":"0"}})");  // bad base64
  caller.send(R"({"event":"surprise"})");                                         // unknown event
  caller.send(start_message("1"));
  ASSERT_TRUE(caller.run_until([&] { return caller.media_received() >= 5; }))
      << "the greeting never reached a caller that had sent bad messages";
  EXPECT_FALSE(caller.closed());
  EXPECT_EQ(h.metrics().bad_caller_messages.value(), 4u);
}

TEST(BadInput, AFloodOfGarbageEndsOnlyThatCall) {
  BridgeHarness h("response_seconds = 3.0\n",
                  [](bridge::RunnerConfig& c) { c.bad_caller_threshold = 20; });
  RawCaller good(h.port());
  good.send(start_message("good"));
  RawCaller bad(h.port());
  bad.send(start_message("bad"));
  for (int i = 0; i < 25; ++i) bad.send("{garbage");
  ASSERT_TRUE(bad.run_until([&] { return bad.closed().has_value(); }));
  EXPECT_EQ(bad.closed()->code, 1008);  // policy violation
  ASSERT_TRUE(good.run_until([&] { return good.media_received() >= 20; }));
  EXPECT_FALSE(good.closed());
}

}  // namespace
}  // namespace voxgate::testing
