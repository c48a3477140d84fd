// The fault keys added for the fault matrix (README "Script keys"):
// close_before_created, flood_deltas, stray_audio_after_ms.
#include <gtest/gtest.h>

#include "fakeai/fake_session.hpp"

namespace voxgate::fakeai {
namespace {

const common::TimePoint kT0 = common::TimePoint{} + std::chrono::hours(1);

CallScript script_of(double seconds) {
  CallScript s;
  s.response_seconds = seconds;
  s.reply_ulaw = std::make_shared<const std::string>(static_cast<size_t>(seconds * 8000), '\x55');
  return s;
}

size_t deltas_in(const std::vector<Action>& actions) {
  size_t n = 0;
  for (const auto& a : actions) n += std::holds_alternative<rt::AudioDelta>(a.event);
  return n;
}

TEST(FakeSessionFaults, CloseBeforeCreatedSendsNothing) {
  auto s = script_of(1.0);
  s.close_before_created = true;
  s.close_code = 1011;
  FakeSession session(s, true, kT0);
  auto out = session.start();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Action::Kind::kClose);
  EXPECT_EQ(out[0].close_code, 1011);
  EXPECT_TRUE(session.closed());
  // Without faults on this connection it is an ordinary start.
  FakeSession spared(s, false, kT0);
  EXPECT_TRUE(std::holds_alternative<rt::SessionCreated>(spared.start().at(0).event));
}

TEST(FakeSessionFaults, FloodSendsEveryDeltaAtOnce) {
  auto s = script_of(3.0);
  s.flood_deltas = true;
  FakeSession session(s, true, kT0);
  session.start();
  auto out = session.on_client_event(rt::ResponseCreate{}, kT0);
  EXPECT_EQ(deltas_in(out), 30u);  // 3 s in 100 ms deltas, all now
  EXPECT_FALSE(session.active_response());
}

TEST(FakeSessionFaults, StrayAudioNamesAResponseNeverCreated) {
  auto s = script_of(1.0);
  s.stray_audio_after_ms = 200;
  FakeSession session(s, true, kT0);
  session.start();
  ASSERT_EQ(session.next_deadline(), kT0 + std::chrono::milliseconds(200));
  auto out = session.on_timer(kT0 + std::chrono::milliseconds(200));
  ASSERT_EQ(deltas_in(out), 1u);
  EXPECT_EQ(std::get<rt::AudioDelta>(out[0].event).response_id, "resp_stray");
  EXPECT_FALSE(session.next_deadline());  // once
}

}  // namespace
}  // namespace voxgate::fakeai
