#include "fakeai/fake_session.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "audio/base64.hpp"
#include "audio/g711.hpp"

namespace voxgate::fakeai {
namespace {

using std::chrono::milliseconds;
using TimePoint = common::TimePoint;

CallScript make_script(double seconds = 2.0) {
  CallScript s;
  s.response_seconds = seconds;
  s.reply_ulaw = std::make_shared<const std::string>(static_cast<size_t>(seconds * 8000), '\x55');
  return s;
}

template <class T>
std::vector<T> all_of(const std::vector<Action>& actions) {
  std::vector<T> out;
  for (const auto& a : actions)
    if (a.kind == Action::Kind::kSend)
      if (const auto* e = std::get_if<T>(&a.event)) out.push_back(*e);
  return out;
}

template <class T>
std::optional<size_t> index_of(const std::vector<Action>& actions) {
  for (size_t i = 0; i < actions.size(); ++i)
    if (std::holds_alternative<T>(actions[i].event)) return i;
  return std::nullopt;
}

// Fires every deadline up to `until`, collecting the actions with their time.
struct Driver {
  explicit Driver(FakeSession& session) : s(session) {}
  FakeSession& s;
  std::vector<std::pair<TimePoint, Action>> log;
  std::vector<Action> run_until(TimePoint until) {
    std::vector<Action> out;
    while (auto d = s.next_deadline()) {
      if (*d > until) break;
      for (auto& a : s.on_timer(*d)) {
        log.emplace_back(*d, a);
        out.push_back(std::move(a));
      }
    }
    return out;
  }
};

const TimePoint kT0 = TimePoint{} + std::chrono::hours(1);

TEST(FakeSessionTest, StartSendsSessionCreatedAndUpdateIsAnswered) {
  auto script = make_script();
  FakeSession s(script, true, kT0);
  EXPECT_EQ(all_of<realtime::SessionCreated>(s.start()).size(), 1u);
  auto out = s.on_client_event(realtime::SessionUpdate{}, kT0);
  EXPECT_EQ(all_of<realtime::SessionUpdated>(out).size(), 1u);
  EXPECT_EQ(s.stats().received("session.update"), 1u);
}

TEST(FakeSessionTest, GreetingIsPacedInRealTime) {
  auto script = make_script(2.0);  // 20 deltas of 100 ms
  FakeSession s(script, true, kT0);
  auto first = s.on_client_event(realtime::ResponseCreate{}, kT0);
  ASSERT_EQ(all_of<realtime::ResponseCreated>(first).size(), 1u);
  EXPECT_EQ(all_of<realtime::ResponseCreated>(first)[0].response_id, "resp_1");
  ASSERT_EQ(all_of<realtime::ItemAdded>(first).size(), 1u);
  EXPECT_EQ(all_of<realtime::ItemAdded>(first)[0].role, "assistant");
  auto deltas = all_of<realtime::AudioDelta>(first);
  ASSERT_EQ(deltas.size(), 1u);                  // the first delta goes at once
  EXPECT_EQ(deltas[0].delta_b64.size(), 1068u);  // base64 of 800 bytes
  EXPECT_EQ(s.next_deadline(), kT0 + milliseconds(100));

  Driver d(s);
  auto rest = d.run_until(kT0 + milliseconds(5000));
  EXPECT_EQ(all_of<realtime::AudioDelta>(rest).size(), 19u);
  int k = 1;
  for (const auto& [t, a] : d.log)
    if (std::holds_alternative<realtime::AudioDelta>(a.event)) {
      EXPECT_EQ(t, kT0 + milliseconds(100 * k++));
    }
  auto done = all_of<realtime::ResponseDone>(rest);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, realtime::ResponseStatus::kCompleted);
  EXPECT_EQ(d.log.back().first, kT0 + milliseconds(1900));
  EXPECT_LT(*index_of<realtime::AudioDone>(rest), *index_of<realtime::ResponseDone>(rest));
  ASSERT_EQ(all_of<realtime::TranscriptDone>(rest).size(), 1u);
  EXPECT_EQ(all_of<realtime::TranscriptDone>(rest)[0].transcript, script.reply_text);
  EXPECT_FALSE(s.next_deadline());
  EXPECT_EQ(s.stats().responses_completed, 1u);
}

TEST(FakeSessionTest, CancelSendsCancelledThenExactlyLateDeltas) {
  auto script = make_script(2.0);
  script.late_deltas = 2;
  FakeSession s(script, true, kT0);
  s.on_client_event(realtime::ResponseCreate{}, kT0);
  Driver d(s);
  d.run_until(kT0 + milliseconds(250));  // deltas at 0, 100, 200
  auto out = s.on_client_event(realtime::ResponseCancel{}, kT0 + milliseconds(250));
  auto done = all_of<realtime::ResponseDone>(out);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, realtime::ResponseStatus::kCancelled);
  EXPECT_EQ(done[0].reason, "client_cancelled");
  EXPECT_TRUE(all_of<realtime::AudioDelta>(out).empty());
  auto late = d.run_until(kT0 + milliseconds(10000));
  auto deltas = all_of<realtime::AudioDelta>(late);
  ASSERT_EQ(deltas.size(), 2u);
  EXPECT_EQ(deltas[0].response_id, "resp_1");
  EXPECT_TRUE(all_of<realtime::ResponseDone>(late).empty());
  EXPECT_EQ(s.stats().late_deltas_sent, 2u);
  // A second cancel has nothing active.
  auto again = s.on_client_event(realtime::ResponseCancel{}, kT0 + milliseconds(10000));
  ASSERT_EQ(all_of<realtime::Error>(again).size(), 1u);
  EXPECT_EQ(all_of<realtime::Error>(again)[0].code, "response_cancel_not_active");
}

TEST(FakeSessionTest, InterruptResponseCancelsOnScriptedSpeech) {
  auto script = make_script(2.0);
  script.interrupt_response = true;
  script.create_response = false;
  script.events = {{500, ScriptedEvent::Type::kSpeechStarted},
                   {900, ScriptedEvent::Type::kSpeechStopped}};
  FakeSession s(script, true, kT0);
  s.on_client_event(realtime::ResponseCreate{}, kT0);
  Driver d(s);
  auto out = d.run_until(kT0 + milliseconds(5000));
  auto started = index_of<realtime::SpeechStarted>(out);
  ASSERT_TRUE(started);
  EXPECT_EQ(std::get<realtime::SpeechStarted>(out[*started].event).audio_start_ms, 500);
  auto done = all_of<realtime::ResponseDone>(out);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, realtime::ResponseStatus::kCancelled);
  EXPECT_EQ(done[0].reason, "turn_detected");
  // 100..400 ms: the speech at 500 ms is handled before the delta due then.
  EXPECT_EQ(all_of<realtime::AudioDelta>(out).size(), 4u);
  EXPECT_EQ(all_of<realtime::SpeechStopped>(out).size(), 1u);
  EXPECT_EQ(s.stats().responses_interrupted, 1u);
}

std::string ulaw_frames(int frames, int16_t amplitude) {
  std::vector<uint8_t> bytes;
  for (int i = 0; i < frames * 160; ++i)
    bytes.push_back(audio::linear_to_ulaw(
        static_cast<int16_t>(amplitude * std::sin(2 * 3.14159265 * 300 * i / 8000.0))));
  return audio::base64_encode(bytes);
}

TEST(FakeSessionTest, EnergyVadStartsAndStopsATurnThenResponds) {
  auto script = make_script(1.0);
  script.vad_threshold = 1000;
  script.vad_start_ms = 60;
  script.vad_silence_ms = 200;
  FakeSession s(script, true, kT0);
  std::vector<Action> out;
  auto feed = [&](const std::string& b64, int at_ms) {
    for (auto& a : s.on_client_event(realtime::AudioAppend{b64}, kT0 + milliseconds(at_ms)))
      out.push_back(std::move(a));
  };
  for (int i = 0; i < 5; ++i) feed(ulaw_frames(1, 100), 20 * i);  // 100 ms quiet
  EXPECT_TRUE(all_of<realtime::SpeechStarted>(out).empty());
  for (int i = 0; i < 10; ++i) feed(ulaw_frames(1, 8000), 100 + 20 * i);  // 200 ms loud
  auto started = all_of<realtime::SpeechStarted>(out);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].audio_start_ms, 100);
  EXPECT_TRUE(all_of<realtime::SpeechStopped>(out).empty());
  for (int i = 0; i < 15; ++i) feed(ulaw_frames(1, 0), 300 + 20 * i);  // 300 ms silence
  auto stopped = all_of<realtime::SpeechStopped>(out);
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0].audio_end_ms, 300);
  EXPECT_EQ(stopped[0].item_id, started[0].item_id);
  ASSERT_EQ(all_of<realtime::AudioCommitted>(out).size(), 1u);
  auto tr = all_of<realtime::InputTranscription>(out);
  ASSERT_EQ(tr.size(), 1u);
  EXPECT_EQ(tr[0].transcript, script.caller_transcript);
  EXPECT_EQ(all_of<realtime::ResponseCreated>(out).size(), 1u);
  EXPECT_EQ(s.stats().audio_bytes_received, 30u * 160u);
}

TEST(FakeSessionTest, EndCallToolFollowsTheAudioOfTheNthResponse) {
  auto script = make_script(0.2);
  script.end_call_after_responses = 2;
  FakeSession s(script, true, kT0);
  Driver d(s);
  auto first = s.on_client_event(realtime::ResponseCreate{}, kT0);
  for (auto& a : d.run_until(kT0 + milliseconds(1000))) first.push_back(a);
  EXPECT_TRUE(all_of<realtime::FunctionCallArgumentsDone>(first).empty());
  auto second = s.on_client_event(realtime::ResponseCreate{}, kT0 + milliseconds(1000));
  for (auto& a : d.run_until(kT0 + milliseconds(2000))) second.push_back(a);
  auto args = all_of<realtime::FunctionCallArgumentsDone>(second);
  ASSERT_EQ(args.size(), 1u);
  EXPECT_EQ(args[0].name, "end_call");
  EXPECT_EQ(args[0].response_id, "resp_2");
  EXPECT_FALSE(args[0].call_id.empty());
  auto item = all_of<realtime::OutputItemDone>(second);
  ASSERT_EQ(item.size(), 1u);
  EXPECT_EQ(item[0].call_id, args[0].call_id);
  EXPECT_EQ(item[0].type, "function_call");
  EXPECT_LT(*index_of<realtime::AudioDone>(second),
            *index_of<realtime::FunctionCallArgumentsDone>(second));
  EXPECT_LT(*index_of<realtime::OutputItemDone>(second), *index_of<realtime::ResponseDone>(second));
}

TEST(FakeSessionTest, TruncateIsCappedAtTheAudioSent) {
  auto script = make_script(2.0);
  FakeSession s(script, true, kT0);
  auto created = s.on_client_event(realtime::ResponseCreate{}, kT0);
  const std::string item = all_of<realtime::ItemAdded>(created)[0].item_id;
  Driver d(s);
  d.run_until(kT0 + milliseconds(250));  // 300 ms of audio sent
  auto beyond = s.on_client_event(realtime::ItemTruncate{item, 0, 500}, kT0 + milliseconds(250));
  ASSERT_EQ(all_of<realtime::Error>(beyond).size(), 1u);
  EXPECT_EQ(all_of<realtime::Error>(beyond)[0].code, "invalid_value");
  auto ok = s.on_client_event(realtime::ItemTruncate{item, 0, 300}, kT0 + milliseconds(250));
  ASSERT_EQ(all_of<realtime::ItemTruncated>(ok).size(), 1u);
  EXPECT_EQ(all_of<realtime::ItemTruncated>(ok)[0].audio_end_ms, 300);
  EXPECT_EQ(s.stats().truncate_audio_end_ms, std::vector<int64_t>{300});
  EXPECT_EQ(s.stats().errors("invalid_value"), 1u);
}

TEST(FakeSessionTest, FatalErrorFaultClosesAndOnlyOnFaultedConnections) {
  auto script = make_script(1.0);
  script.error_after_ms = 1000;
  script.error_code = "invalid_api_key";
  FakeSession s(script, true, kT0);
  Driver d(s);
  auto out = d.run_until(kT0 + milliseconds(2000));
  ASSERT_EQ(all_of<realtime::Error>(out).size(), 1u);
  EXPECT_EQ(out.back().kind, Action::Kind::kClose);
  EXPECT_TRUE(s.closed());

  FakeSession spared(script, false, kT0);
  EXPECT_FALSE(spared.next_deadline());
}

TEST(FakeSessionTest, StallStopsOutputAndMalformedSendsRawText) {
  auto script = make_script(2.0);
  script.malformed_after_ms = 100;
  script.malformed_count = 3;
  script.stall_after_ms = 500;
  FakeSession s(script, true, kT0);
  s.on_client_event(realtime::ResponseCreate{}, kT0);
  Driver d(s);
  auto out = d.run_until(kT0 + milliseconds(5000));
  int raw = 0;
  for (const auto& a : out) raw += a.kind == Action::Kind::kSendRaw;
  EXPECT_EQ(raw, 3);
  EXPECT_EQ(all_of<realtime::AudioDelta>(out).size(), 4u);  // 100..400 ms, then silence
  EXPECT_TRUE(all_of<realtime::ResponseDone>(out).empty());
}

}  // namespace
}  // namespace voxgate::fakeai
