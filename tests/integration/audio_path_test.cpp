// The call's audio path on the Realtime leg, end to end over real sockets
// (callsim -> voxgate -> fakeai speaking Realtime; docs/architecture.md
// "Audio between the legs"): Vonage's 16 kHz PCM goes to Realtime as 24 kHz
// PCM (one resampling each way), a mu-law carrier stays mu-law, and
// ai.audio = "pcmu" keeps every call in mu-law.

#include <gtest/gtest.h>

#include "app/voxgate_app.hpp"
#include "callsim/dialect.hpp"
#include "callsim/simulation.hpp"
#include "integration/app_fixture.hpp"

namespace voxgate::testing {
namespace {

class AudioPathTest : public AppFixture {
 protected:
  struct Run {
    callsim::CallReport call;
    fakeai::Stats ai;
  };
  // One 3 s call in `carrier`'s dialect (Vonage at `rate`); the fake greets.
  Run run(callsim::Carrier carrier, int rate = 8000) {
    Run r;
    start_fake("response_seconds = 1.0\nreply_text = \"Hello there\"\n");
    if (!audio_.empty()) config_.ai.audio = audio_;
    app::VoxgateApp vox(config_);
    EXPECT_TRUE(vox.start().ok());
    callsim::SimOptions o;
    o.carrier = carrier;
    o.sample_rate = rate;
    o.seconds = 3.0;
    o.source = callsim::SourceKind::kSilence;
    o.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + callsim::default_media_path(carrier);
    auto report = callsim::run_simulation(o);
    EXPECT_EQ(report.calls.size(), 1u);
    if (!report.calls.empty()) r.call = report.calls[0];
    EXPECT_TRUE(r.call.ok) << r.call.error;
    EXPECT_EQ(r.call.protocol_errors, 0u);
    r.ai = fake_->stats();
    vox.stop();
    return r;
  }
  std::string audio_;  // ai.audio when set
};

// 3 s of 24 kHz PCM is 144 KB (48 bytes per ms); mu-law would be 24 KB.
TEST_F(AudioPathTest, VonageSixteenKilohertzReachesRealtimeAsTwentyFourKilohertzPcm) {
  const auto r = run(callsim::Carrier::kVonage, 16000);
  EXPECT_EQ(r.ai.realtime_formats.size(), 1u);
  EXPECT_EQ(r.ai.realtime_formats.count("audio/pcm@24000"), 1u);
  EXPECT_GT(r.ai.audio_bytes_received, 100000u);
  EXPECT_LT(r.ai.audio_bytes_received, 3u * 48000u + 4800u);
  // The greeting came back in whole 20 ms frames at 16 kHz (callsim counts
  // them as 160 bytes of mu-law each). fakeai's Realtime server plays its
  // mu-law script whatever the session asked, so as 24 kHz PCM it is a
  // sixth as long: only its arrival is checked here.
  EXPECT_GT(r.call.bytes_played, 0u);
  EXPECT_EQ(r.call.bytes_played % 160, 0u);
}

TEST_F(AudioPathTest, AMulawCarrierStaysMulawOnRealtime) {
  const auto r = run(callsim::Carrier::kTwilio);
  EXPECT_EQ(r.ai.realtime_formats.count("audio/pcmu@8000"), 1u);
  EXPECT_LT(r.ai.audio_bytes_received, 3u * 8000u + 800u);
}

TEST_F(AudioPathTest, PcmuSettingKeepsVonageInMulaw) {
  audio_ = "pcmu";
  const auto r = run(callsim::Carrier::kVonage, 16000);
  EXPECT_EQ(r.ai.realtime_formats.count("audio/pcmu@8000"), 1u);
  EXPECT_GT(r.ai.audio_bytes_received, 16000u);
  EXPECT_LT(r.ai.audio_bytes_received, 3u * 8000u + 800u);
}

}  // namespace
}  // namespace voxgate::testing
