// GPT-Live end to end over real sockets: callsim (a Twilio caller) ->
// voxgate with ai.protocol = "live" -> fakeai speaking GPT-Live
// (PROTOCOLS-LIVE). BEHAVIOUR 3 "Model-managed": the model yields by itself,
// so voxgate never clears on caller speech, only for its own cuts.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <vector>

#include "app/voxgate_app.hpp"
#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"
#include "callsim/dialect.hpp"
#include "callsim/pcm_convert.hpp"
#include "callsim/simulation.hpp"
#include "integration/app_fixture.hpp"

namespace voxgate::testing {
namespace {

constexpr double kBytesPerSecond = 8000.0;
constexpr uint8_t kUlawSilence = 0xFF;

// A caller WAV: silence, a loud tone from `from_s` to `to_s`, silence to `total_s`.
std::string caller_wav(double from_s, double to_s, double total_s) {
  const auto at = [](double s) { return static_cast<size_t>(s * 8000); };
  std::vector<int16_t> pcm(at(total_s), 0);
  for (size_t i = at(from_s); i < at(to_s) && i < pcm.size(); ++i)
    pcm[i] = static_cast<int16_t>(9000 * ((i / 9) % 2 ? 1 : -1));  // ~444 Hz square
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("voxgate_live_caller_" + std::to_string(::getpid()) + ".wav"))
                               .string();
  auto w = audio::WavWriter::open(path, 1, 8000);
  EXPECT_TRUE(w.ok());
  w->write(pcm);
  w->close();
  return path;
}

double speech_heard_s(const callsim::CallReport& c) {
  return static_cast<double>(std::count_if(c.heard.begin(), c.heard.end(),
                                           [](uint8_t b) { return b != kUlawSilence; })) /
         kBytesPerSecond;
}

// The value of the exposition line starting with `series ` (-1 when absent).
double metric(const std::string& exposition, const std::string& series) {
  const std::string key = "\n" + series + " ";
  const auto at = exposition.find(key);
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + key.size()));
}

bool has_event(const store::CallRecord& rec, const std::string& kind) {
  return std::any_of(rec.events.begin(), rec.events.end(),
                     [&](const auto& e) { return e.kind == kind; });
}

class LiveCallTest : public AppFixture {
 protected:
  // fakeai speaking GPT-Live with `script_toml`; voxgate dialling it.
  void start_live(const std::string& script_toml) {
    const std::string toml = "protocol = \"live\"\nvad_threshold = 1000.0\n" + script_toml;
    auto script = fakeai::Script::from_toml(toml);
    ASSERT_TRUE(script.ok()) << script.error().message;
    reply_ulaw_ = script->base().reply_ulaw;
    start_fake(toml);
    config_.ai.protocol = "live";
    config_.ai.model = "gpt-live-1";
    config_.ai.url = "ws://127.0.0.1:" + std::to_string(fake_->port()) + "/v1/live/sessions";
  }
  callsim::SimOptions call(uint16_t port, double seconds, std::optional<double> talk_from = {},
                           double talk_to = 0) {
    callsim::SimOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(port) + "/media";
    o.seconds = seconds;
    o.keep_heard = true;
    o.source = callsim::SourceKind::kSilence;
    if (talk_from) {
      o.source = callsim::SourceKind::kWav;
      o.wav_path = caller_wav(*talk_from, talk_to, seconds);
    }
    return o;
  }
  // The record is written off-thread once the call has ended.
  std::optional<store::CallRecord> record(app::VoxgateApp& vox, const std::string& sid) {
    std::optional<store::CallRecord> rec;
    wait_until(
        [&] {
          rec = vox.store()->get(sid);
          return rec.has_value();
        },
        std::chrono::seconds(10));
    return rec;
  }
  // One call of `seconds` against fakeai running `script_toml`; the caller
  // talks from `talk_from` to `talk_to` (s), else stays silent.
  struct Run {
    callsim::CallReport call;
    fakeai::Stats ai;
    std::optional<store::CallRecord> record;
    std::string metrics;  // /metrics after the call
  };
  Run run(const std::string& script_toml, double seconds, std::optional<double> talk_from = {},
          double talk_to = 0) {
    Run r;
    start_live(script_toml);
    app::VoxgateApp vox(config_);
    EXPECT_TRUE(vox.start().ok());
    auto report = callsim::run_simulation(call(vox.port(), seconds, talk_from, talk_to));
    EXPECT_EQ(report.calls.size(), 1u);
    if (report.calls.empty()) return r;
    r.call = report.calls[0];
    EXPECT_TRUE(r.call.ok) << r.call.error;
    EXPECT_EQ(r.call.protocol_errors, 0u);
    r.record = record(vox, r.call.call_sid);
    EXPECT_TRUE(r.record);
    r.ai = fake_->stats();
    http::request<http::string_body> req{http::verb::get, "/metrics", 11};
    r.metrics = http_request(vox.port(), std::move(req)).body();
    vox.stop();
    return r;
  }
  std::shared_ptr<const std::string> reply_ulaw_;
};

// The greeting (a commentary after session.started) is heard; the caller's
// turn is answered; both sides land in the record; the carrier's mu-law
// passes straight through both ways (session.start says audio/pcmu 8000).
TEST_F(LiveCallTest, GreetingAndAnswerAreHeardAndTheTurnsRecorded) {
  auto r =
      run("response_seconds = 1.5\nreply_text = \"Happy to help you today\"\n"
          "vad_silence_ms = 400\ncaller_transcript = \"I need an appointment\"\n",
          9.0, 3.5, 4.5);
  const auto& c = r.call;
  EXPECT_EQ(c.clears, 0u);
  EXPECT_GT(speech_heard_s(c), 2.5);  // greeting and answer, 1.5 s each
  // No transcoding: session.start names the carrier's own format (below) and
  // the fake's mu-law bytes reach the caller untouched.
  ASSERT_TRUE(reply_ulaw_);
  // Bytes as the caller report holds them (uint8_t: a char's sign would make
  // every byte above 0x7f differ).
  const std::vector<uint8_t> first(reply_ulaw_->begin(), reply_ulaw_->begin() + 800);
  EXPECT_NE(std::search(c.heard.begin(), c.heard.end(), first.begin(), first.end()), c.heard.end());
  EXPECT_EQ(r.ai.connections, 1u);
  EXPECT_EQ(r.ai.live_formats.size(), 1u);
  EXPECT_EQ(r.ai.live_formats.count("audio/pcmu@8000"), 1u);
  EXPECT_TRUE(r.ai.errors_sent.empty());
  EXPECT_GE(r.ai.received("session.commentary.append"), 1u);
  EXPECT_GE(r.ai.responses_completed, 2u);
  // Caller audio passes through: every byte sent arrives (9 s, minus start-up).
  EXPECT_GT(static_cast<double>(r.ai.audio_bytes_received) / kBytesPerSecond, 8.0);
  ASSERT_TRUE(r.record);
  bool caller = false;
  int agent = 0;
  for (const auto& t : r.record->turns) {
    caller |= t.role == "caller" && t.text.find("appointment") != std::string::npos;
    agent += t.role == "agent" && t.text.find("Happy to help") != std::string::npos;
  }
  EXPECT_TRUE(caller);
  EXPECT_GE(agent, 2);
  // Turn latency as for Realtime: the caller's speech end (voxgate's VAD
  // here) to the answer's first audio; the fake answers at its own VAD's
  // stop (vad_silence_ms 400), so within a second.
  ASSERT_EQ(metric(r.metrics, "voxgate_turn_latency_seconds_count"), 1) << r.metrics;
  EXPECT_LT(metric(r.metrics, "voxgate_turn_latency_seconds_sum"), 1.0);
  EXPECT_EQ(metric(r.metrics, "voxgate_first_audio_seconds_count"), 1);
}

// BEHAVIOUR 3 model-managed: the caller talks over the greeting; voxgate
// sends no clear (and nothing to cancel); the model yields by itself.
TEST_F(LiveCallTest, CallerTalkingOverTheAgentSendsNoClear) {
  auto r =
      run("response_seconds = 4.0\nlive_yield_ms = 300\ncreate_response = false\n", 7.0, 1.5, 2.5);
  EXPECT_EQ(r.call.clears, 0u);
  EXPECT_EQ(r.ai.speech_started, 1u);
  EXPECT_EQ(r.ai.responses_interrupted, 1u);
  EXPECT_EQ(r.ai.received("response.cancel"), 0u);
  // The greeting stopped about 1.5 s + the yield in: well short of its 4 s.
  EXPECT_LT(speech_heard_s(r.call), 3.0);
  ASSERT_TRUE(r.record);
  EXPECT_FALSE(has_event(*r.record, "barge_in"));
  EXPECT_FALSE(has_event(*r.record, "cancel"));
}

// BEHAVIOUR 3 model-managed barge-in latency: the fake talks on until the
// caller's onset plus its yield time, then streams silence; voxgate's VAD on
// the caller audio and its energy gate on the output measure the gap, once.
TEST_F(LiveCallTest, ModelYieldIsMeasuredFromCallerOnsetToAiQuiet) {
  auto r =
      run("response_seconds = 4.0\nlive_yield_ms = 300\ncreate_response = false\n", 7.0, 1.5, 2.5);
  EXPECT_EQ(r.ai.responses_interrupted, 1u);
  const std::string h = "voxgate_barge_in_model_managed_seconds";
  ASSERT_EQ(metric(r.metrics, h + "_count"), 1) << r.metrics;
  // The fake's yield (300 ms) after its own VAD saw the onset, rounded up to
  // its 100 ms deltas, plus the append batching: never below the yield,
  // well under a second.
  const double s = metric(r.metrics, h + "_sum");
  EXPECT_GE(s, 0.28);
  EXPECT_LE(s, 0.9);
  std::printf("[live] model-managed barge-in latency: %.0f ms\n", s * 1000);
  // The Realtime figure is not fed by a model-managed call.
  EXPECT_EQ(metric(r.metrics, "voxgate_barge_in_latency_seconds_count"), 0);
  ASSERT_TRUE(r.record);
  EXPECT_TRUE(has_event(*r.record, "model_yielded"));
  ASSERT_TRUE(r.record->barge_in_latency_ms);
  EXPECT_NEAR(*r.record->barge_in_latency_ms, s * 1000, 1.0);
}

// BEHAVIOUR 3 model-managed: the carrier's playout depth is observed for
// each chunk sent and never passes max_playout_ahead (300 ms by default).
TEST_F(LiveCallTest, PlayoutDepthIsObservedAndBounded) {
  auto r = run("response_seconds = 2.0\ncreate_response = false\n", 4.0);
  const std::string h = "voxgate_playout_ahead_seconds";
  const double count = metric(r.metrics, h + "_count");
  EXPECT_GE(count, 10);  // 2 s of greeting in 100 ms deltas, less any dropped
  // A chunk is sent only when the queue plus the chunk (100 ms) fits in
  // 300 ms, so the depth before it is at most 200 ms: all in le=0.25.
  EXPECT_EQ(metric(r.metrics, h + "_bucket{le=\"0.25\"}"), count) << r.metrics;
  EXPECT_GT(metric(r.metrics, h + "_sum"), 0);  // the playout does run ahead
}

// voxgate's own cut (a shutdown with the greeting still playing) clears.
TEST_F(LiveCallTest, VoxgatesOwnCutClears) {
  start_live("response_seconds = 20.0\n");
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  auto done = std::async(std::launch::async,
                         [sim = call(vox.port(), 30.0)] { return callsim::run_simulation(sim); });
  ASSERT_TRUE(
      wait_until([&] { return fake_->stats().deltas_sent > 10; }, std::chrono::seconds(10)));
  vox.stop(std::chrono::seconds(1));
  auto report = done.get();
  ASSERT_EQ(report.calls.size(), 1u);
  EXPECT_GE(report.calls[0].clears, 1u);
  EXPECT_EQ(fake_->stats().received("session.close"), 1u);  // PROTOCOLS-LIVE 8
}

// BEHAVIOUR 5: the AI leg drops mid-call; voxgate redials a new session
// seeded with the conversation, and the caller never waits in silence
// beyond the 3 s budget.
TEST_F(LiveCallTest, AiLegDropMidCallReconnectsWithHistory) {
  auto r =
      run("response_seconds = 1.0\nvad_silence_ms = 400\n"
          "[[calls]]\nconnection = 1\nclose_after_ms = 4500\n",
          9.0, 2.0, 2.8);
  EXPECT_LT(r.call.longest_silence_ms, 3000);
  EXPECT_EQ(r.ai.connections, 2u);
  ASSERT_EQ(r.ai.start_input_messages.size(), 2u);
  // The new session starts with the conversation so far (PROTOCOLS-LIVE 7):
  // at least the greeting and the caller's turn.
  EXPECT_EQ(r.ai.start_input_messages[0], 0);
  EXPECT_GE(r.ai.start_input_messages[1], 2);
  ASSERT_TRUE(r.record);
  EXPECT_TRUE(has_event(*r.record, "reconnected"));
}

// PROTOCOLS-LIVE 6: end_call arrives through Responses delegation (a
// function call in response.event); voxgate ends the call once the greeting
// has played at the carrier, not before.
TEST_F(LiveCallTest, EndCallThroughDelegationEndsTheCallAfterTheGreeting) {
  auto r = run("response_seconds = 1.5\nend_call_after_responses = 1\n", 12.0);
  EXPECT_EQ(r.ai.tool_calls, 1u);
  EXPECT_EQ(r.call.ended_by, "server");
  EXPECT_GT(speech_heard_s(r.call), 1.4);  // the whole greeting
  ASSERT_TRUE(r.record);
  EXPECT_EQ(r.record->end_reason, "agent_hangup");
  EXPECT_LT(r.record->ended_at_ms - r.record->started_at_ms, 8000);
}

// PROTOCOLS-LIVE 8: session.closed "expired" (the session's time limit) is
// redialled as a new session seeded with the conversation; the caller is
// never left in silence past the 3 s budget (BEHAVIOUR 5).
TEST_F(LiveCallTest, ExpiredSessionIsReplacedWithTheConversation) {
  auto r =
      run("response_seconds = 1.0\nvad_silence_ms = 400\n"
          "[[calls]]\nconnection = 1\nsession_closed_after_ms = 4500\n",
          9.0, 2.0, 2.8);
  EXPECT_EQ(r.ai.connections, 2u);
  ASSERT_EQ(r.ai.start_input_messages.size(), 2u);
  EXPECT_GE(r.ai.start_input_messages[1], 2);
  EXPECT_LT(r.call.longest_silence_ms, 3000);
  ASSERT_TRUE(r.record);
  EXPECT_TRUE(has_event(*r.record, "reconnected"));
  EXPECT_FALSE(has_event(*r.record, "fallback"));
}

// BEHAVIOUR 5: the GPT-Live session stalls (stops sending and reading, its
// socket open) after it has answered the caller. Its output is one
// continuous stream, so the watchdog fails the leg 3 s after the last event
// (not the 5 s pong); voxgate dials a new session seeded with the
// conversation, and the caller hears the holding prompt, not a long silence.
TEST_F(LiveCallTest, StalledSessionIsCaughtByTheWatchdogAndReplaced) {
  auto r =
      run("response_seconds = 1.0\nvad_silence_ms = 400\nstall_after_ms = 4600\n"
          "stall_reads = true\nfault_connections = 1\n",
          12.0, 2.0, 2.8);
  EXPECT_EQ(r.ai.connections, 2u);
  ASSERT_EQ(r.ai.start_input_messages.size(), 2u);
  EXPECT_GE(r.ai.start_input_messages[1], 2);  // the greeting and the caller's turn at least
  EXPECT_EQ(r.call.ended_by, "caller");
  // The watchdog's 3 s from the last event, then the holding prompt (with
  // the pong's 5 s instead this was 6.7 s).
  EXPECT_LT(r.call.longest_silence_ms, 4500);
  ASSERT_TRUE(r.record);
  EXPECT_TRUE(has_event(*r.record, "ai_leg_fatal"));
  EXPECT_TRUE(has_event(*r.record, "reconnected"));
  EXPECT_FALSE(has_event(*r.record, "fallback"));
}

// PROTOCOLS-LIVE 8, BEHAVIOUR 5: an account error (no redial can fix it)
// ends the AI leg for good; the caller hears the fallback clip, then the call
// ends; voxgate does not dial again.
TEST_F(LiveCallTest, FatalErrorPlaysTheFallbackWithoutRedialling) {
  auto r = run(
      "response_seconds = 1.0\nerror_after_ms = 2000\nerror_code = \"insufficient_quota\"\n", 15.0);
  EXPECT_EQ(r.ai.connections, 1u);
  EXPECT_EQ(r.call.ended_by, "server");
  EXPECT_GT(speech_heard_s(r.call), 4.0);  // the greeting and the ~5 s fallback clip
  ASSERT_TRUE(r.record);
  EXPECT_TRUE(has_event(*r.record, "ai_leg_fatal"));
  EXPECT_TRUE(has_event(*r.record, "fallback"));
  EXPECT_FALSE(has_event(*r.record, "reconnect_attempt"));
}

// Vonage at 16 kHz to GPT-Live: the cheapest path is none (audio/format.hpp).
// session.start names audio/pcm 16000, and fakeai receives the caller's
// bytes exactly as callsim sent them (its 16 kHz PCM of the caller's WAV);
// the call is recorded at its own rate, 16 kHz.
TEST_F(LiveCallTest, VonageSixteenKilohertzPassesToLiveUntouched) {
  start_live("response_seconds = 1.0\nreply_text = \"Hello there\"\n");
  const auto dir =
      std::filesystem::temp_directory_path() / ("voxgate_live_rec_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  config_.store.recordings_dir = dir.string();
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  auto opts = call(vox.port(), 3.0, 0.2, 2.8);
  opts.carrier = callsim::Carrier::kVonage;
  opts.sample_rate = 16000;
  opts.url = "ws://127.0.0.1:" + std::to_string(vox.port()) +
             callsim::default_media_path(callsim::Carrier::kVonage);
  auto report = callsim::run_simulation(opts);
  ASSERT_EQ(report.calls.size(), 1u);
  const auto& c = report.calls[0];
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.protocol_errors, 0u);
  auto rec = record(vox, c.call_sid);
  const auto ai = fake_->stats();
  vox.stop();

  EXPECT_EQ(ai.live_formats.size(), 1u);
  EXPECT_EQ(ai.live_formats.count("audio/pcm@16000"), 1u);
  // What callsim sent: the WAV as mu-law, then 16 kHz PCM (callsim's own
  // conversion, pcm_convert.hpp).
  auto wav = audio::read_wav_mono8k(opts.wav_path);
  ASSERT_TRUE(wav.ok());
  std::vector<uint8_t> ulaw(wav->size());
  audio::ulaw_encode(*wav, ulaw);
  std::string sent;
  callsim::ulaw_to_pcm16le(ulaw, 16000, sent);
  EXPECT_GT(ai.audio_head.size(), 2 * 32000u);  // over 2 s of the 3 s call
  ASSERT_LE(ai.audio_head.size(), sent.size());
  EXPECT_TRUE(ai.audio_head == sent.substr(0, ai.audio_head.size()))
      << "the AI leg heard other bytes than the caller sent";
  EXPECT_GT(c.bytes_played, 8000u);  // the greeting came back, as 16 kHz frames
  ASSERT_TRUE(rec);
  ASSERT_FALSE(rec->recording_path.empty());
  char header[28] = {};
  std::ifstream(rec->recording_path, std::ios::binary).read(header, sizeof header);
  uint32_t rate = 0;
  std::memcpy(&rate, header + 24, 4);  // the WAV's fmt chunk: sample rate
  EXPECT_EQ(rate, 16000u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace voxgate::testing
