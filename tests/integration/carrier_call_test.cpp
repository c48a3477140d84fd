// Every carrier dialect end to end over real sockets: callsim speaking the
// carrier's dialect (written from the carrier's docs, apart from voxgate's
// codecs) -> voxgate at /media/<carrier> -> fakeai. The same call contract on
// each (BEHAVIOUR.md): the greeting plays with the dialect's marks, barge-in
// clears in the dialect and nothing cancelled is heard, DTMF is recorded,
// a start the call cannot carry is refused before anything runs. Exotel's
// chunk rule is checked by callsim (a chunk outside it is a protocol error).

#include <gtest/gtest.h>

#include "integration/bridge_harness.hpp"
#include "integration/raw_caller.hpp"

namespace voxgate::testing {
namespace {

using callsim::Carrier;
constexpr double kBytesPerSecond = 8000.0;

class CarrierCall : public ::testing::TestWithParam<Carrier> {
 protected:
  callsim::SimOptions call_options(BridgeHarness& h, double seconds) const {
    auto o = h.default_call(seconds);
    o.carrier = GetParam();
    o.url = "ws://127.0.0.1:" + std::to_string(h.port()) + callsim::default_media_path(GetParam());
    return o;
  }
  static const callsim::CallReport& only_call(const callsim::SimReport& r) {
    EXPECT_EQ(r.calls.size(), 1u);
    return r.calls.at(0);
  }
};

TEST_P(CarrierCall, GreetingPlaysWithTheDialectsMarksAndIsRecorded) {
  BridgeHarness h("response_seconds = 1.5\nreply_text = \"Hello from the fake AI.\"\n");
  auto opts = call_options(h, 3.0);
  opts.linger_s = 2.0;  // every queued chunk plays, every mark echoes
  auto report = h.call(opts);
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.carrier, callsim::carrier_name(GetParam()));
  EXPECT_EQ(c.protocol_errors, 0u);
  // A carrier that plays only whole chunks (Exotel: 200 ms at least; Vonage:
  // 20 ms frames) hears the tail padded with silence up to one.
  const double padding = GetParam() == Carrier::kExotel   ? 0.2
                         : GetParam() == Carrier::kVonage ? 0.02
                                                          : 0.0;
  EXPECT_GE(static_cast<double>(c.bytes_played) / kBytesPerSecond, 1.5 - 0.01);
  EXPECT_LE(static_cast<double>(c.bytes_played) / kBytesPerSecond, 1.5 + padding + 0.01);
  EXPECT_GE(c.marks_received, 15u);
  EXPECT_EQ(c.marks_echoed, c.marks_received);
  EXPECT_EQ(h.metrics().bad_caller_messages.value(), 0u);
  EXPECT_GT(h.ai_stats().audio_bytes_received, 16000u);  // the caller's audio reached the AI
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "caller_hangup");
  ASSERT_FALSE(rec->turns.empty());
  EXPECT_EQ(rec->turns[0].text, "Hello from the fake AI.");
}

TEST_P(CarrierCall, BargeInClearsInTheDialectAndNothingCancelledIsHeard) {
  BridgeHarness h(
      "response_seconds = 6.0\nlate_deltas = 3\ncreate_response = false\n"
      "[[events]]\nat_ms = 1500\ntype = \"speech_started\"\n",
      [](HarnessConfig& c) {
        c.session.greeting.interruptible = true;
        c.session.greeting.min_play = common::Millis(500);
      });
  auto opts = call_options(h, 4.0);
  opts.latency_probe = true;
  auto report = h.call(opts);
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.clears, 1u);
  EXPECT_EQ(h.ai_stats().responses_cancelled, 1u);
  EXPECT_EQ(c.heard_cancelled, 0u);
  EXPECT_LT(c.bytes_received, static_cast<uint64_t>(2.5 * kBytesPerSecond));
  EXPECT_EQ(c.marks_echoed, c.marks_received);
}

TEST_P(CarrierCall, DtmfIsRecorded) {
  BridgeHarness h("response_seconds = 0.5\n");
  auto opts = call_options(h, 2.0);
  opts.dtmf = {{500, "4"}, {900, "2"}};
  auto report = h.call(opts);
  const auto& c = only_call(report);
  ASSERT_TRUE(c.ok) << c.error;
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  size_t digits = 0;
  for (const auto& e : rec->events) digits += e.kind == "dtmf";
  EXPECT_EQ(digits, 2u);
}

// Vonage at 16 kHz end to end: the caller's wide-band PCM reaches the AI as
// 8 kHz mu-law and the greeting comes back as whole 20 ms frames at 16 kHz
// (callsim refuses a partial frame), at its full length.
TEST(VonageCall, SixteenKilohertzStreamIsResampledBothWays) {
  BridgeHarness h("response_seconds = 1.5\nreply_text = \"Hello from the fake AI.\"\n");
  auto opts = h.default_call(3.0);
  opts.carrier = Carrier::kVonage;
  opts.sample_rate = 16000;
  opts.linger_s = 2.0;
  opts.url =
      "ws://127.0.0.1:" + std::to_string(h.port()) + callsim::default_media_path(opts.carrier);
  auto report = h.call(opts);
  ASSERT_EQ(report.calls.size(), 1u);
  const auto& c = report.calls[0];
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.protocol_errors, 0u);
  EXPECT_GE(static_cast<double>(c.bytes_played) / kBytesPerSecond, 1.5 - 0.01);
  EXPECT_LE(static_cast<double>(c.bytes_played) / kBytesPerSecond, 1.5 + 0.02 + 0.01);
  EXPECT_GT(h.ai_stats().audio_bytes_received, 16000u);  // ~8 kHz mu-law, not 16 kHz PCM
  EXPECT_LT(static_cast<double>(h.ai_stats().audio_bytes_received), 3.2 * kBytesPerSecond);
  auto rec = h.record(c.call_sid);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->end_reason, "caller_hangup");
}

INSTANTIATE_TEST_SUITE_P(Carriers, CarrierCall,
                         ::testing::Values(Carrier::kTwilio, Carrier::kSignalWire, Carrier::kTelnyx,
                                           Carrier::kPlivo, Carrier::kExotel, Carrier::kVonage),
                         [](const auto& info) {
                           return std::string(callsim::carrier_name(info.param));
                         });

// Telnyx does not promise media order: shuffled within 4 frames, every frame
// is put back in order (none late, none rejected) and reaches the AI (the
// order itself: telnyx_caller_leg_codec_test).
TEST(TelnyxCall, ShuffledMediaReachesTheAiInOrderWithNoneRejected) {
  BridgeHarness h("response_seconds = 0.5\n");
  auto opts = h.default_call(2.0);
  opts.carrier = Carrier::kTelnyx;
  opts.url = "ws://127.0.0.1:" + std::to_string(h.port()) + "/media/telnyx";
  opts.reorder_window = 4;
  auto report = h.call(opts);
  ASSERT_EQ(report.calls.size(), 1u);
  ASSERT_TRUE(report.calls[0].ok) << report.calls[0].error;
  EXPECT_EQ(h.metrics().bad_caller_messages.value(), 0u);
  // Give or take the last append batch still open when the caller hung up.
  EXPECT_GT(static_cast<double>(h.ai_stats().audio_bytes_received),
            0.9 * static_cast<double>(report.calls[0].media_sent * 160u));
}

// A start in a codec the call cannot carry (Telnyx OPUS) is refused before
// anything runs: no AI session, no record, the socket closed.
TEST(TelnyxCall, StartInAnotherCodecIsRefusedBeforeTheAiIsDialled) {
  BridgeHarness h("response_seconds = 0.5\n");
  RawCaller caller(h.port(), "/media/telnyx");
  caller.send(
      R"({"event":"start","sequence_number":"1","stream_id":"S9","start":{"call_control_id":"C9",)"
      R"("media_format":{"encoding":"OPUS","sample_rate":16000,"channels":1}}})");
  ASSERT_TRUE(caller.run_until([&] { return caller.closed().has_value(); }));
  EXPECT_EQ(caller.closed()->code, 1003);
  EXPECT_EQ(h.ai_stats().connections, 0u);
  EXPECT_TRUE(h.all_records().empty());
}

// A PCM rate voxgate does not convert (audio/wire_pcm.hpp: 8, 16 and 24 kHz)
// is refused the same way, nothing dialled.
TEST(ExotelCall, StreamAtARateNotConvertedIsRefusedBeforeTheAiIsDialled) {
  BridgeHarness h("response_seconds = 0.5\n");
  RawCaller caller(h.port(), "/media/exotel");
  caller.send(R"({"event":"connected"})");
  caller.send(
      R"({"event":"start","sequence_number":"1","stream_sid":"S9","start":{"stream_sid":"S9",)"
      R"("call_sid":"C9","media_format":{"encoding":"audio/x-raw","sample_rate":"44100"}}})");
  ASSERT_TRUE(caller.run_until([&] { return caller.closed().has_value(); }));
  EXPECT_EQ(caller.closed()->code, 1003);
  EXPECT_EQ(h.ai_stats().connections, 0u);
  EXPECT_TRUE(h.all_records().empty());
}

}  // namespace
}  // namespace voxgate::testing
