// CallRunner without sockets (STYLE.md "Test the shell without sockets"): an
// in-memory caller leg (a CallerTransport and a CallerCodec that hand over
// carrier-neutral events), an in-memory AI leg (an ai::AiLeg the test dials
// by hand) and a manual clock. The io_context only runs the runner's own
// posts; the tick timer is set far out, so nothing moves unless a test says.
#include "bridge/call_runner.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <deque>

#include "cluster/in_process_live_call_registry.hpp"
#include "store/sqlite_call_store.hpp"

namespace voxgate::bridge {
namespace {

using telephony::CallerEvent;

// The caller leg's codec: frames are tokens; the event behind each was queued
// by the test. Outbound frames are readable text.
class FakeCallerCodec final : public telephony::CallerCodec {
 public:
  explicit FakeCallerCodec(std::deque<common::Result<CallerEvent, telephony::BadMessage>>& in)
      : in_(in) {}
  const telephony::CallerLegTraits& traits() const override { return traits_; }
  common::Result<CallerEvent, telephony::BadMessage> parse(std::string_view) override {
    auto e = std::move(in_.front());
    in_.pop_front();
    return e;
  }
  std::string play(std::string_view payload) const override {
    return "play " + std::string(payload);
  }
  std::string mark(std::string_view name) const override { return "mark " + std::string(name); }
  std::string clear() const override { return "clear"; }
  std::optional<std::string> hang_up() const override { return "bye"; }

 private:
  telephony::CallerLegTraits traits_{{}, 20, false, true, true};
  std::deque<common::Result<CallerEvent, telephony::BadMessage>>& in_;
};

class FakeCallerTransport final : public CallerTransport {
 public:
  explicit FakeCallerTransport(boost::asio::any_io_executor ex) : ex_(std::move(ex)) {}
  void start(Handlers h) override { handlers_ = std::move(h); }
  bool send(std::string frame) override {
    if (closed_) return false;
    sent.push_back(std::move(frame));
    return true;
  }
  bool send_binary(std::string data) override { return send("binary " + data); }
  void close(uint16_t code, std::string) override {
    if (closed_) return;
    closed_ = true;
    close_code = code;
    // As net::WsConnection: on_close runs once, on a later turn, and the
    // handlers (which own the runner) are dropped after it.
    boost::asio::post(ex_, [this, code] {
      auto h = std::move(handlers_);
      h.on_closed(net::CloseInfo{net::CloseInfo::Kind::kLocal, code, {}, {}});
    });
  }
  bool is_open() const override { return !closed_; }
  std::size_t queued() const override { return 0; }
  uint64_t frames_written() const override { return sent.size(); }
  boost::asio::ip::address remote_address() const override { return {}; }
  boost::asio::any_io_executor executor() const override { return ex_; }

  void receive(std::string_view frame) { handlers_.on_frame(frame); }
  void receive_binary(std::string_view data) { handlers_.on_binary(data); }

  std::vector<std::string> sent;
  std::optional<uint16_t> close_code;

 private:
  boost::asio::any_io_executor ex_;
  Handlers handlers_;
  bool closed_ = false;
};

class FakeAiLeg final : public ai::AiLeg {
 public:
  void configure() override { actions.push_back("configure"); }
  bool append_audio(std::string_view p) override {
    actions.push_back("append " + std::string(p));
    return true;
  }
  void add_text(ai::Speaker, std::string_view t) override {
    actions.push_back("text " + std::string(t));
  }
  void function_output(std::string_view id, std::string_view) override {
    actions.push_back("output " + std::string(id));
  }
  void create_response(std::optional<std::string_view>) override {
    actions.push_back("response.create");
  }
  void cancel_response(std::string_view id) override {
    actions.push_back("cancel " + std::string(id));
  }
  void truncate(std::string_view id, int64_t) override {
    actions.push_back("truncate " + std::string(id));
  }
  void close() override { open_ = false; }
  bool is_open() const override { return open_; }
  ai::AiTurnModel turn_model() const override { return ai::AiTurnModel::kClientManaged; }

  std::vector<std::string> actions;

 private:
  bool open_ = true;
};

class CallRunnerTest : public ::testing::Test {
 protected:
  CallRunnerTest() {
    config_.tick = std::chrono::hours(1);
    config_.session.append_interval = common::Millis(20);  // one append per caller frame
    store_ = std::move(store::SqliteCallStore::open(":memory:")).value();
    writer_ = std::make_unique<store::RecordWriter>(*store_);
    deps_ = RunnerDeps{&config_, &clips_, &metrics_, &registry_, writer_.get(), &clock_};
    deps_.live_calls = &live_calls_;
    deps_.instance_id = "vg-1";
    deps_.dial_ai = [this](boost::asio::any_io_executor, const audio::Format& format,
                           ai::AiLeg::Handlers h, ai::AiLeg::DialDone done) {
      dialled_formats_.push_back(format);
      ai_handlers_ = std::move(h);
      dials_.push_back(std::move(done));
    };
    transport_ = std::make_shared<FakeCallerTransport>(io_.get_executor());
    runner_ = CallRunner::start(transport_, std::make_unique<FakeCallerCodec>(in_), deps_);
  }
  // The transport's handlers own the runner, as net::WsConnection's do: a
  // call the test left running is ended here, or the runner would outlive it.
  ~CallRunnerTest() override {
    transport_->close(1001, "test over");
    io_.poll();
    dials_.clear();
    ai_handlers_ = {};
    writer_->stop();
  }

  void caller(CallerEvent e) { receive(std::move(e)); }
  void caller_bad(std::string reason) {
    receive(common::unexpected(telephony::BadMessage{std::move(reason)}));
  }
  void receive(common::Result<CallerEvent, telephony::BadMessage> e) {
    in_.push_back(std::move(e));
    transport_->receive("frame");
    io_.poll();
  }
  static telephony::CallerStarted started() {
    return {"CA1", "MZ1", "", {}, {{"lang", "en"}}, "", "telnyx", "+15550100"};
  }
  // Completes the pending dial with an in-memory AI leg.
  std::shared_ptr<FakeAiLeg> connect_ai() {
    auto leg = std::make_shared<FakeAiLeg>();
    auto done = std::move(dials_.back());
    dials_.pop_back();
    done(std::shared_ptr<ai::AiLeg>(leg));
    io_.poll();
    return leg;
  }
  void ai(ai::AiEvent e) {
    ai_handlers_.on_event(std::move(e));
    io_.poll();
  }
  uint64_t rejected_before_start() {
    return metrics_.registry()
        .counter("voxgate_caller_messages_rejected_total",
                 "Caller messages refused though well formed, by reason", "reason=\"before_start\"")
        .value();
  }

  boost::asio::io_context io_;
  common::ManualClock clock_;
  RunnerConfig config_;
  ClipLibrary clips_;
  std::vector<audio::Format> dialled_formats_;  // each dial's call format
  obs::MetricsRegistry registry_metrics_;
  obs::CallMetrics metrics_{registry_metrics_};
  CallRegistry registry_;
  cluster::InProcessLiveCallRegistry live_calls_;
  std::unique_ptr<store::SqliteCallStore> store_;
  std::unique_ptr<store::RecordWriter> writer_;
  RunnerDeps deps_;
  std::deque<common::Result<CallerEvent, telephony::BadMessage>> in_;
  std::shared_ptr<FakeCallerTransport> transport_;
  std::shared_ptr<CallRunner> runner_;
  std::vector<ai::AiLeg::DialDone> dials_;
  ai::AiLeg::Handlers ai_handlers_;
};

TEST_F(CallRunnerTest, AdmittedStartOpensTheAiLegWhichIsThenConfigured) {
  EXPECT_TRUE(dials_.empty());  // BEHAVIOUR 0: nothing dialled before the start
  caller(started());
  ASSERT_EQ(dials_.size(), 1u);
  // A mu-law stream and the default offer: the call carries mu-law.
  EXPECT_EQ(dialled_formats_, std::vector<audio::Format>{audio::kPhoneMulaw});
  EXPECT_EQ(metrics_.active_calls.value(), 1);
  auto leg = connect_ai();
  EXPECT_EQ(leg->actions, std::vector<std::string>{"configure"});
}

TEST_F(CallRunnerTest, MediaBeforeStartIsRejectedAndDialsNothing) {
  caller(telephony::CallerMedia{"AAAA", 0});
  caller(telephony::CallerDtmf{"1"});
  EXPECT_EQ(rejected_before_start(), 2u);
  EXPECT_TRUE(dials_.empty());
  EXPECT_TRUE(transport_->sent.empty());
  EXPECT_TRUE(transport_->is_open());
}

TEST_F(CallRunnerTest, BadMessagesAreCountedAndTheCallGoesOn) {
  caller_bad("invalid_json");
  EXPECT_EQ(metrics_.bad_caller_messages.value(), 1u);
  EXPECT_TRUE(transport_->is_open());
}

TEST_F(CallRunnerTest, ABinaryMessageToATextDialectIsOneCountedRejection) {
  caller(started());
  transport_->receive_binary(std::string(320, '\0'));  // the fake codec keeps the default
  io_.poll();
  EXPECT_EQ(metrics_.bad_caller_messages.value(), 1u);
  EXPECT_TRUE(transport_->is_open());
}

TEST_F(CallRunnerTest, CallerAudioReachesTheAiLegOnceReady) {
  caller(started());
  auto leg = connect_ai();
  ai(ai::SessionReady{});
  caller(telephony::CallerMedia{"AAAA", 0});
  EXPECT_NE(std::find(leg->actions.begin(), leg->actions.end(), "append AAAA"), leg->actions.end());
}

TEST_F(CallRunnerTest, AiAudioIsPlayedToTheCallerThroughTheCodec) {
  caller(started());
  auto leg = connect_ai();
  ai(ai::SessionReady{});
  ai(ai::ResponseCreated{"r1"});
  ai(ai::AudioDelta{"r1", "i1", "BBBB"});
  ASSERT_FALSE(transport_->sent.empty());
  EXPECT_EQ(transport_->sent.front(), "play BBBB");
}

// The live list's state is the session's phase, published as it changes.
TEST_F(CallRunnerTest, TheLiveSnapshotCarriesTheCallsPhase) {
  caller(started());
  EXPECT_EQ(runner_->snapshot().live_state, "connecting");
  auto leg = connect_ai();
  ai(ai::SessionReady{});
  EXPECT_EQ(runner_->snapshot().live_state, "listening");
  ai(ai::ResponseCreated{"r1"});
  ai(ai::AudioDelta{"r1", "i1", "BBBB"});
  EXPECT_EQ(runner_->snapshot().live_state, "ai_speaking");
  EXPECT_EQ(registry_.live_records().at(0).live_state, "ai_speaking");
}

TEST_F(CallRunnerTest, CallerStopEndsTheCallWithARecord) {
  caller(started());
  auto leg = connect_ai();
  caller(telephony::CallerStop{});
  EXPECT_FALSE(leg->is_open());
  EXPECT_EQ(transport_->close_code, 1000);
  ASSERT_FALSE(transport_->sent.empty());
  EXPECT_EQ(transport_->sent.back(), "bye");  // the codec's hang-up, then the close
  runner_.reset();
  io_.poll();
  EXPECT_EQ(metrics_.active_calls.value(), 0);  // the runner is gone with its call
  writer_->flush();
  const auto records = store_->list({});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].call_sid, "CA1");
  EXPECT_EQ(records[0].stream_sid, "MZ1");
  EXPECT_EQ(records[0].carrier, "telnyx");
  EXPECT_EQ(records[0].caller, "+15550100");
  EXPECT_EQ(records[0].end_reason, "caller_hangup");
}

std::vector<cluster::LiveCallEntry> listed(cluster::LiveCallRegistry& r) {
  std::vector<cluster::LiveCallEntry> out;
  r.list([&](cluster::ClusterResult<std::vector<cluster::LiveCallEntry>> l) { out = l.value(); });
  return out;
}

TEST_F(CallRunnerTest, ACallIsInTheLiveCallRegistryFromItsStartToItsEnd) {
  EXPECT_TRUE(listed(live_calls_).empty());  // not before an admitted start
  caller(started());
  auto live = listed(live_calls_);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].call_sid, "CA1");
  EXPECT_EQ(live[0].instance, "vg-1");
  EXPECT_GT(live[0].started_unix_ms, 0);
  connect_ai();
  caller(telephony::CallerStop{});
  EXPECT_TRUE(listed(live_calls_).empty());
}

TEST_F(CallRunnerTest, AStaleDialIsClosedNotUsed) {
  caller(started());
  caller(telephony::CallerStop{});  // the call ends while the AI leg is dialling
  auto leg = connect_ai();
  EXPECT_FALSE(leg->is_open());
  EXPECT_TRUE(leg->actions.empty());
}

// A shared replay set (Redis in production) whose answer the test gives.
class DeferredReplaySet final : public cluster::ReplaySet {
 public:
  void mark_once(const std::string&, int64_t, cluster::ClusterCallback<bool> done) override {
    pending.push_back(std::move(done));
  }
  std::vector<cluster::ClusterCallback<bool>> pending;
};

// BEHAVIOUR 0 with the replay check asked of the shared state: the call is
// admitted only once it answers, and refused (1013) when it cannot.
class CallRunnerSharedReplayTest : public CallRunnerTest {
 protected:
  CallRunnerSharedReplayTest() {
    auto deps = deps_;
    deps.stream_tokens = &tokens_;
    shared_transport_ = std::make_shared<FakeCallerTransport>(io_.get_executor());
    CallRunner::start(shared_transport_, std::make_unique<FakeCallerCodec>(in_), deps);
  }
  ~CallRunnerSharedReplayTest() override {
    shared_transport_->close(1001, "test over");
    io_.poll();
  }
  void start_with_token() {
    auto s = started();
    s.stream_token = tokens_.issue(s.call_id);
    in_.push_back(CallerEvent{s});
    shared_transport_->receive("frame");
    io_.poll();
  }

  DeferredReplaySet replay_;
  StreamTokens tokens_{{"secret"}, clock_, replay_};
  std::shared_ptr<FakeCallerTransport> shared_transport_;
};

TEST_F(CallRunnerSharedReplayTest, TheCallIsAdmittedOnlyOnceTheReplaySetAnswers) {
  start_with_token();
  ASSERT_EQ(replay_.pending.size(), 1u);
  EXPECT_TRUE(dials_.empty());
  EXPECT_EQ(metrics_.active_calls.value(), 0);
  replay_.pending[0](true);  // as from the Redis worker: posted to the runner
  EXPECT_TRUE(dials_.empty());
  io_.poll();
  EXPECT_EQ(dials_.size(), 1u);
  EXPECT_EQ(metrics_.active_calls.value(), 1);
}

TEST_F(CallRunnerSharedReplayTest, AReplayIsRefusedAsAPolicyViolation) {
  start_with_token();
  replay_.pending[0](false);
  io_.poll();
  EXPECT_TRUE(dials_.empty());
  EXPECT_EQ(shared_transport_->close_code, std::optional<uint16_t>(1008));
}

TEST_F(CallRunnerSharedReplayTest, AReplaySetThatCannotAnswerRefusesWithTryAgainLater) {
  start_with_token();
  replay_.pending[0](common::unexpected(std::string("redis unavailable: connection refused")));
  io_.poll();
  EXPECT_TRUE(dials_.empty());
  EXPECT_EQ(shared_transport_->close_code, std::optional<uint16_t>(1013));
}

}  // namespace
}  // namespace voxgate::bridge
