// Calls against voxgate's own offline agent, through the whole app: the
// caller's lines are synthesised in flite's "rms" voice (the agent speaks
// with "slt"), streamed by callsim as a Twilio caller.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "agent/agent_spec.hpp"
#include "agent/tts.hpp"
#include "app/voxgate_app.hpp"
#include "audio/wav_writer.hpp"
#include "callsim/simulation.hpp"

namespace voxgate::testing {
namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid())))
      .string();
}

// A caller WAV: silence, then `text` at `at_s`, then silence to `total_s`.
std::string caller_wav(const std::string& text, double at_s, double total_s) {
  std::vector<int16_t> pcm(static_cast<size_t>(at_s * 8000), 0);
  auto speech = agent::Tts("rms").synthesize_pcm8k(text);
  pcm.insert(pcm.end(), speech.begin(), speech.end());
  pcm.resize(static_cast<size_t>(total_s * 8000), 0);
  const std::string path = temp_path("voxgate_caller") + ".wav";
  auto w = audio::WavWriter::open(path, 1, 8000);
  EXPECT_TRUE(w.ok());
  w->write(pcm);
  w->close();
  return path;
}

config::Config local_config(const std::string& db) {
  config::Config c;
  c.server.port = 0;
  c.server.threads = 2;
  c.ai.agent = "local";
  c.store.db = db;
  c.call.greeting.instructions = c.greeting;  // as ConfigLoader::finish() does
  return c;
}

callsim::SimOptions call_to(uint16_t port, double seconds) {
  callsim::SimOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(port) + "/media";
  o.seconds = seconds;
  o.source = callsim::SourceKind::kSilence;
  return o;
}

// BEHAVIOUR 3 against the local agent: the caller talks over the greeting,
// the agent's audio is cleared and cancelled, and the caller's words reach
// the intended intent (the agent asks which day).
TEST(LocalAgentCall, CallerBargesInAndTheAgentAnswersTheInterruption) {
  const std::string db = temp_path("voxgate_local_barge") + ".db";
  auto config = local_config(db);
  config.call.greeting.interruptible = true;
  config.call.greeting.min_play = common::Millis(500);
  app::VoxgateApp vox(config);
  ASSERT_TRUE(vox.start().ok());
  auto opts = call_to(vox.port(), 12.0);
  opts.source = callsim::SourceKind::kWav;
  opts.wav_path = caller_wav("i would like to book an appointment", 2.0, 12.0);
  auto report = callsim::run_simulation(opts);
  vox.stop();
  ASSERT_EQ(report.calls.size(), 1u);
  const auto& c = report.calls[0];
  EXPECT_EQ(c.protocol_errors, 0u);
  EXPECT_EQ(c.clears, 1u);
  auto rec = vox.store()->get(c.call_sid);
  ASSERT_TRUE(rec);
  ASSERT_GE(rec->turns.size(), 3u);
  EXPECT_EQ(rec->turns[0].role, "agent");
  EXPECT_TRUE(rec->turns[0].interrupted);  // the greeting, cut
  EXPECT_EQ(rec->turns[1].role, "caller");
  EXPECT_NE(rec->turns[1].text.find("book an appointment"), std::string::npos);
  EXPECT_EQ(rec->turns[2].role, "agent");
  EXPECT_NE(rec->turns[2].text.find("Which day"), std::string::npos);
  std::filesystem::remove(db);
}

// One local agent serves many calls arriving together; each caller hears
// the whole greeting, and none is taken for a stalled AI. The agent's fixed
// lines are rendered at start-up, so a greeting starts from memory however
// many calls are queued on its workers: the default response watchdog
// (BEHAVIOUR 5) stands. Each call lasts as long as the work: the greeting's
// audio, plus the watchdog's budget for it to start, plus connecting and
// hanging up. How fast the greetings start is bench/local_agent's figure.
TEST(LocalAgentCall, TwentyConcurrentCallsAllHearTheGreeting) {
  const std::string db = temp_path("voxgate_local_many") + ".db";
  auto config = local_config(db);
  auto spec = agent::load_agent_spec(VOXGATE_SOURCE_DIR "/examples/agents/dental.toml");
  ASSERT_TRUE(spec);
  const double greeting_s =
      static_cast<double>(agent::Tts("slt").synthesize_ulaw8k(spec->greeting).size()) / 8000.0;
  const double watchdog_s = std::chrono::duration<double>(config.call.ai_watchdog).count();
  constexpr double kConnectAndHangUpS = 2.0;
  app::VoxgateApp vox(config);
  ASSERT_TRUE(vox.start().ok());
  auto opts = call_to(vox.port(), greeting_s + watchdog_s + kConnectAndHangUpS);
  opts.calls = 20;
  opts.ramp_per_sec = 20;
  auto report = callsim::run_simulation(opts);
  vox.stop();
  EXPECT_EQ(report.totals.calls_ok, 20);
  EXPECT_EQ(report.totals.protocol_errors, 0u);
  for (const auto& c : report.calls) {
    // Whole greeting: flite's clustergen length varies by a few frames run to run.
    EXPECT_GE(static_cast<double>(c.bytes_played) / 8000.0, greeting_s - 0.1) << c.call_sid;
    auto rec = vox.store()->get(c.call_sid);
    ASSERT_TRUE(rec) << c.call_sid;
    ASSERT_FALSE(rec->turns.empty()) << c.call_sid;
    EXPECT_EQ(rec->turns[0].role, "agent") << c.call_sid;
    EXPECT_EQ(rec->turns[0].text, spec->greeting) << c.call_sid;
    EXPECT_FALSE(rec->turns[0].interrupted) << c.call_sid;
    for (const auto& e : rec->events) {
      EXPECT_NE(e.kind, "reconnect") << c.call_sid << " " << e.detail;
      EXPECT_NE(e.kind, "fallback") << c.call_sid << " " << e.detail;
    }
  }
  std::filesystem::remove(db);
}

// The same call over GPT-Live (ai.protocol = "live"): voxgate dials the
// local agent's /v1/live/sessions, the greeting is a commentary append, the
// caller talks over it and the agent yields by itself (model-managed: voxgate
// sends no clear), and the record has both sides' turns built from the
// timed transcript fragments.
TEST(LocalAgentCall, LiveProtocolCallRecordsBothSides) {
  const std::string db = temp_path("voxgate_local_live") + ".db";
  auto config = local_config(db);
  config.ai.protocol = "live";
  config.ai.model = "gpt-live-1";
  app::VoxgateApp vox(config);
  ASSERT_TRUE(vox.start().ok());
  auto opts = call_to(vox.port(), 12.0);
  opts.source = callsim::SourceKind::kWav;
  opts.wav_path = caller_wav("i would like to book an appointment", 2.0, 12.0);
  auto report = callsim::run_simulation(opts);
  vox.stop();
  ASSERT_EQ(report.calls.size(), 1u);
  const auto& c = report.calls[0];
  EXPECT_EQ(c.protocol_errors, 0u);
  EXPECT_EQ(c.clears, 0u);
  EXPECT_GT(c.bytes_played, 0u);
  auto rec = vox.store()->get(c.call_sid);
  ASSERT_TRUE(rec);
  ASSERT_GE(rec->turns.size(), 3u);
  EXPECT_EQ(rec->turns[0].role, "agent");
  EXPECT_NE(rec->turns[0].text.find("Bright Smile Dental"), std::string::npos);
  EXPECT_EQ(rec->turns[1].role, "caller");
  EXPECT_NE(rec->turns[1].text.find("book an appointment"), std::string::npos);
  EXPECT_EQ(rec->turns[2].role, "agent");
  EXPECT_NE(rec->turns[2].text.find("Which day"), std::string::npos);
  std::filesystem::remove(db);
}

}  // namespace
}  // namespace voxgate::testing
