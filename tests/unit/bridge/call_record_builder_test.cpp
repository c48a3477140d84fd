#include "bridge/call_record_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "audio/base64.hpp"
#include "bridge/call_registry.hpp"
#include "bridge/clip_library.hpp"
#include "store/sqlite_call_store.hpp"

namespace voxgate::bridge {
namespace {

using call::CallEvent;
using Kind = call::CallEvent::Kind;

TEST(CallRecordBuilder, TurnsEventsAndLatencies) {
  common::ManualClock clock;
  const auto t0 = clock.now();
  CallRecordBuilder b(t0, 1'000'000);
  b.set_ids("CA1", "MZ1");
  CallEvent e;
  e.kind = Kind::kFirstAudio;
  e.at = t0 + std::chrono::milliseconds(400);
  e.value = 0.4;
  b.add(e);
  e = {};
  e.kind = Kind::kTranscriptTurn;
  e.at = t0 + std::chrono::seconds(2);
  e.role = call::Role::kAssistant;
  e.text = "Hello, how can";
  e.interrupted = true;
  b.add(e);
  for (double v : {0.2, 0.4}) {
    e = {};
    e.kind = Kind::kTurnLatency;
    e.at = t0;
    e.value = v;
    b.add(e);
  }
  e = {};
  e.kind = Kind::kBargeIn;
  e.at = t0 + std::chrono::seconds(3);
  e.id = "resp_1";
  e.value = 0.0005;
  b.add(e);
  e = {};
  e.kind = Kind::kCancel;
  e.at = t0 + std::chrono::seconds(3);
  e.id = "resp_1";
  b.add(e);
  auto r = b.finish(1'005'000, "caller_hangup");
  EXPECT_EQ(r.id, "CA1");
  EXPECT_EQ(r.started_at_ms, 1'000'000);
  EXPECT_EQ(r.ended_at_ms, 1'005'000);
  EXPECT_EQ(r.end_reason, "caller_hangup");
  ASSERT_TRUE(r.first_audio_ms);
  EXPECT_DOUBLE_EQ(*r.first_audio_ms, 400.0);
  ASSERT_TRUE(r.turn_latency_ms);
  EXPECT_NEAR(*r.turn_latency_ms, 300.0, 1e-9);
  ASSERT_EQ(r.turns.size(), 1u);
  EXPECT_EQ(r.turns[0].role, "agent");
  EXPECT_TRUE(r.turns[0].interrupted);
  EXPECT_EQ(r.turns[0].at_ms, 2000);
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].kind, "barge_in");
  EXPECT_NEAR(*r.events[0].latency_ms, 0.5, 1e-9);
  EXPECT_EQ(r.events[1].at_ms, 3000);
}

TEST(CallRecordBuilder, StreamSidIsTheIdWithoutCallSid) {
  CallRecordBuilder b(common::TimePoint{}, 5);
  b.set_ids("", "MZ9");
  EXPECT_EQ(b.finish(6, "x").id, "MZ9");
  CallRecordBuilder never_started(common::TimePoint{}, 5);
  EXPECT_FALSE(never_started.finish(6, "x").id.empty());
}

TEST(CallRecordBuilder, TwoStreamsOfOneCallAreTwoRecords) {
  // BEHAVIOUR 6: a second stream for the same call id never overwrites the
  // first one's record.
  CallRecordBuilder first(common::TimePoint{}, 5);
  CallRecordBuilder second(common::TimePoint{}, 5);
  first.set_ids("CA1", "MZ1");
  second.set_ids("CA1", "MZ1");
  auto a = first.finish(6, "caller_hangup");
  auto b = second.finish(7, "agent_end");
  EXPECT_FALSE(a.key.empty());
  EXPECT_NE(a.key, b.key);
  auto opened = store::SqliteCallStore::open(":memory:");
  ASSERT_TRUE(opened.ok());
  std::string error;
  ASSERT_TRUE((*opened)->save(a, error)) << error;
  ASSERT_TRUE((*opened)->save(b, error)) << error;
  EXPECT_EQ((*opened)->list({}).size(), 2u);
  EXPECT_EQ((*opened)->get(a.key)->end_reason, "caller_hangup");
  EXPECT_EQ((*opened)->get(b.key)->end_reason, "agent_end");
}

class FakeCall : public LiveCall {
 public:
  void request_hangup(const std::string& reason) override { reasons.push_back(reason); }
  std::vector<std::string> reasons;
};

TEST(CallRegistry, FindsByEitherIdAndForgetsDeadCalls) {
  CallRegistry reg;
  auto call = std::make_shared<FakeCall>();
  reg.add({"CA1", "MZ1"}, call);
  EXPECT_TRUE(reg.is_live("CA1"));
  EXPECT_TRUE(reg.hangup("MZ1"));
  EXPECT_EQ(call->reasons, std::vector<std::string>{"api_hangup"});
  EXPECT_EQ(reg.size(), 1u);
  EXPECT_EQ(reg.hangup_all("shutdown"), 1u);
  EXPECT_FALSE(reg.hangup("nope"));
  call.reset();
  EXPECT_FALSE(reg.is_live("CA1"));
  EXPECT_EQ(reg.size(), 0u);
}

TEST(ClipLibrary, ShippedClipsLoadAsChunks) {
  auto lib = ClipLibrary::load(VOXGATE_SOURCE_DIR "/assets/clips/holding.wav",
                               VOXGATE_SOURCE_DIR "/assets/clips/fallback.wav");
  ASSERT_TRUE(lib.ok()) << lib.error();
  const auto& holding = lib->get(call::Clip::kHolding);
  EXPECT_GT(holding.seconds, 1.0);
  EXPECT_LT(holding.seconds, 5.0);
  EXPECT_EQ(holding.chunks_b64.size(), static_cast<size_t>(std::ceil(holding.seconds * 10)));
  EXPECT_GT(lib->get(call::Clip::kFallback).seconds, holding.seconds);
}

// A PCM call plays the same clip in its own format: as long, 100 ms chunks
// of its bytes (3200 at 16 kHz, 4800 at 24 kHz).
TEST(ClipLibrary, EachCallFormatGetsTheClipInItsOwnBytes) {
  auto lib = ClipLibrary::load(VOXGATE_SOURCE_DIR "/assets/clips/holding.wav",
                               VOXGATE_SOURCE_DIR "/assets/clips/fallback.wav");
  ASSERT_TRUE(lib.ok()) << lib.error();
  const auto& mulaw = lib->get(call::Clip::kHolding);
  for (const int rate : {16000, 24000}) {
    const auto& pcm = lib->get(call::Clip::kHolding, audio::pcm16(rate));
    EXPECT_DOUBLE_EQ(pcm.seconds, mulaw.seconds) << rate;
    ASSERT_EQ(pcm.chunks_b64.size(), mulaw.chunks_b64.size()) << rate;
    std::vector<uint8_t> first;
    ASSERT_TRUE(audio::base64_decode(pcm.chunks_b64.front(), first));
    EXPECT_EQ(first.size(), static_cast<size_t>(rate) / 10 * 2) << rate;
  }
  EXPECT_EQ(&lib->get(call::Clip::kHolding, audio::pcm16(44100)), &mulaw);
}

TEST(ClipLibrary, MissingFileIsAClearError) {
  auto lib = ClipLibrary::load("/nope/holding.wav", "/nope/fallback.wav");
  ASSERT_FALSE(lib.ok());
  EXPECT_NE(lib.error().find("/nope/holding.wav"), std::string::npos);
}

}  // namespace
}  // namespace voxgate::bridge
