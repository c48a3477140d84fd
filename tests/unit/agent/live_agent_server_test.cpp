// The local agent's GPT-Live endpoint (/v1/live/sessions) over real loopback
// sockets, as a GPT-Live client sees it: the strict session.start, the
// continuous output stream in the session's format, timed transcript
// fragments, context appends, the Responses delegation of end_call and
// session.close. The io_context runs in the test thread and is polled until
// a condition holds, no sleeps. Every event received must also parse with
// voxgate's own GPT-Live codec.

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "agent/agent_server.hpp"
#include "agent/tts.hpp"
#include "audio/base64.hpp"
#include "live/codec.hpp"
#include "net/ws_client.hpp"

namespace voxgate::agent {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

const std::string kDental = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";

std::string start_event(const std::string& format, int rate, bool responses = false,
                        const std::string& extra_key = {}) {
  json::object session{
      {"model", "gpt-live-1"},
      {"instructions", ""},
      {"audio", json::object{{"format", json::object{{"type", format}, {"rate", rate}}},
                             {"output", json::object{{"voice", "marin"}}}}},
      {"delegation", responses ? json::object{{"type", "responses"},
                                              {"responses", json::object{{"model", "local"}}}}
                               : json::object{{"type", "client"}}},
      {"store", false}};
  if (!extra_key.empty()) session[extra_key] = json::object{};
  return json::serialize(json::object{{"type", "session.start"}, {"session", session}});
}

std::string append(const std::string& type, const std::string& content) {
  return json::serialize(
      json::object{{"type", type}, {"delegation_id", nullptr}, {"content", content}});
}

class LiveAgentServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AgentServerOptions opts;
    opts.agent_file = kDental;
    opts.playback_speed = 20.0;
    auto s = LocalAgentServer::start(io_, opts);
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(s).value();
    connect();
  }

  void TearDown() override {
    if (conn_) conn_->post([c = conn_] { c->close(); });
    run_until([] { return false; }, std::chrono::milliseconds(20));
    server_.reset();
  }

  bool run_until(const std::function<bool()>& pred,
                 std::chrono::milliseconds limit = std::chrono::seconds(15)) {
    const auto deadline = Clock::now() + limit;
    while (!pred()) {
      if (Clock::now() > deadline) return false;
      io_.restart();
      io_.run_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  void connect() {
    net::ClientOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(server_->port()) + "/v1/live/sessions";
    std::optional<net::ConnectResult> result;
    net::WsClient::connect(boost::asio::make_strand(io_), o, [&](net::ConnectResult r) {
      if (r) {
        (*r)->start({[this](std::string_view t) {
                       EXPECT_TRUE(live::parse_server_event(t)) << t;
                       got_.push_back(json::parse(t).as_object());
                     },
                     [this](const net::CloseInfo&) { closed_ = true; }});
      }
      result.emplace(std::move(r));
    });
    ASSERT_TRUE(run_until([&] { return result.has_value(); }));
    ASSERT_TRUE(*result);
    conn_ = **result;
  }

  void send(std::string text) {
    conn_->post([c = conn_, t = std::move(text)]() mutable { EXPECT_TRUE(c->send(std::move(t))); });
  }

  // Index of the first event of `type` at or after `from` (and matching
  // `pred`), waiting for it.
  std::optional<size_t> wait_for(
      const std::string& type, size_t from = 0,
      const std::function<bool(const json::object&)>& pred = [](const json::object&) {
        return true;
      }) {
    std::optional<size_t> found;
    run_until([&] {
      for (size_t i = from; i < got_.size(); ++i) {
        if (got_[i].at("type").as_string() == type && pred(got_[i])) return (found = i).has_value();
      }
      return false;
    });
    return found;
  }

  std::string error_code(size_t i) const {
    return std::string(got_[i].at("error").at("code").as_string());
  }

  void start(const std::string& format, int rate, bool responses = false) {
    send(start_event(format, rate, responses));
    ASSERT_TRUE(wait_for("session.started"));
  }

  // The caller says `text` (flite "rms") then 1.5 s of silence, as 20 ms
  // mu-law appends, as fast as the socket takes them.
  void say(const std::string& text) {
    std::vector<uint8_t> ulaw = Tts("rms").synthesize_ulaw8k(text);
    ulaw.resize(ulaw.size() + 1500 * 8, 0xFF);
    for (size_t off = 0; off < ulaw.size(); off += 160) {
      const size_t n = std::min<size_t>(160, ulaw.size() - off);
      send(json::serialize(
          json::object{{"type", "session.input_audio.append"},
                       {"audio", audio::base64_encode(std::span(ulaw).subspan(off, n))}}));
    }
  }

  boost::asio::io_context io_;
  std::unique_ptr<LocalAgentServer> server_;
  std::shared_ptr<net::WsConnection> conn_;
  std::vector<json::object> got_;
  bool closed_ = false;
};

// PROTOCOLS-LIVE 1 and 4: nothing before session.start; an unknown field
// (Realtime's turn_detection) is unknown_parameter naming it; a valid start
// is answered with the resolved configuration.
TEST_F(LiveAgentServerTest, SessionStartIsFirstAndStrict) {
  send(append("session.commentary.append", "hello"));
  auto early = wait_for("error");
  ASSERT_TRUE(early);
  EXPECT_EQ(error_code(*early), "session_not_started");
  send(start_event("audio/pcmu", 8000, false, "turn_detection"));
  auto unknown = wait_for("error", *early + 1);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(error_code(*unknown), "unknown_parameter");
  EXPECT_EQ(got_[*unknown].at("error").at("param").as_string(), "session.turn_detection");
  send(start_event("audio/pcm", 12000));
  auto rate = wait_for("error", *unknown + 1);
  ASSERT_TRUE(rate);
  EXPECT_EQ(error_code(*rate), "invalid_value");
  start("audio/pcma", 8000);
  const auto& s = got_[*wait_for("session.started")].at("session").as_object();
  EXPECT_EQ(s.at("audio").at("format").at("type").as_string(), "audio/pcma");
  EXPECT_EQ(s.at("status").as_string(), "active");
  EXPECT_TRUE(std::string(s.at("id").as_string()).starts_with("live_"));
  send(start_event("audio/pcmu", 8000));
  auto again = wait_for("error", *rate + 1);
  ASSERT_TRUE(again);
  EXPECT_EQ(error_code(*again), "session_already_started");
}

// PROTOCOLS-LIVE 3, 5 and 7: the greeting is a commentary append, spoken; the
// output is one continuous stream of 100 ms deltas in the session's format
// (PCM16 at 24 kHz: 4800 bytes each, silence included) and the words come as
// one timed fragment spanning the greeting's audio.
TEST_F(LiveAgentServerTest, CommentaryIsSpokenInTheSessionsFormatContinuously) {
  start("audio/pcm", 24000);
  send(append("session.commentary.append", "Greet the caller now."));
  auto acked = wait_for("session.commentary.appended");
  ASSERT_TRUE(acked);
  auto words = wait_for("session.output_transcript.delta");
  ASSERT_TRUE(words);
  const auto& w = got_[*words];
  EXPECT_EQ(w.at("delta").as_string(),
            "Hello, thank you for calling Bright Smile Dental. How can I help you today?");
  const int64_t end_ms = w.at("end_ms").as_int64();
  EXPECT_GT(end_ms - w.at("start_ms").as_int64(), 3000);  // a few seconds of speech
  // Well past the greeting: the stream goes on (silence between replies).
  const size_t deltas_wanted = static_cast<size_t>(end_ms / 100 + 10);
  ASSERT_TRUE(run_until([&] {
    size_t n = 0;
    for (const auto& e : got_) n += e.at("type").as_string() == "session.output_audio.delta";
    return n >= deltas_wanted;
  }));
  size_t bytes = 0, deltas = 0;
  for (const auto& e : got_) {
    if (e.at("type").as_string() != "session.output_audio.delta") continue;
    ++deltas;
    bytes += audio::base64_decoded_size(e.at("delta").as_string());
  }
  // The resampler's filter delay shifts a few samples between deltas.
  EXPECT_NEAR(static_cast<double>(bytes) / static_cast<double>(deltas), 4800.0, 50.0);
}

// PROTOCOLS-LIVE 3: a caller turn ends with its words as a timed fragment,
// and the agent's reply follows in the stream.
TEST_F(LiveAgentServerTest, CallerTurnHasTimedTranscriptAndAReply) {
  start("audio/pcmu", 8000);
  say("i would like to book an appointment");
  auto heard = wait_for("session.input_transcript.delta");
  ASSERT_TRUE(heard);
  const auto& h = got_[*heard];
  EXPECT_NE(std::string(h.at("delta").as_string()).find("book an appointment"), std::string::npos);
  EXPECT_LT(h.at("start_ms").as_int64(), h.at("end_ms").as_int64());
  auto reply = wait_for("session.output_transcript.delta", *heard);
  ASSERT_TRUE(reply);
  EXPECT_NE(std::string(got_[*reply].at("delta").as_string()).find("Which day"), std::string::npos);
}

// PROTOCOLS-LIVE 2: thinking is silent context (acked, nothing spoken); the
// delegation_id key is required; unknown types are errors, not a dropped
// session; session.close ends with session.closed and the socket closes.
TEST_F(LiveAgentServerTest, ContextAppendsErrorsAndClose) {
  start("audio/pcmu", 8000);
  send(append("session.thinking.append", "The caller pressed 5."));
  ASSERT_TRUE(wait_for("session.thinking.appended"));
  send(json::serialize(json::object{{"type", "session.thinking.append"}, {"content", "x"}}));
  auto missing = wait_for("error");
  ASSERT_TRUE(missing);
  EXPECT_EQ(error_code(*missing), "missing_required_parameter");
  send(R"({"type":"response.cancel"})");
  auto unknown = wait_for("error", *missing + 1);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(error_code(*unknown), "unknown_event_type");
  send(R"({"type":"session.update","session":{"instructions":"x"}})");
  auto immutable = wait_for("error", *unknown + 1);
  ASSERT_TRUE(immutable);
  EXPECT_EQ(error_code(*immutable), "immutable_field_update");
  send(R"({"type":"session.close"})");
  auto closed = wait_for("session.closed");
  ASSERT_TRUE(closed);
  EXPECT_EQ(got_[*closed].at("reason").as_string(), "close_requested");
  EXPECT_TRUE(run_until([&] { return closed_; }));
  for (const auto& e : got_) EXPECT_NE(e.at("type").as_string(), "session.output_transcript.delta");
}

// PROTOCOLS-LIVE 6: under Responses delegation an end_call turn ends with the
// backend's function call; response.create waits for every output.
TEST_F(LiveAgentServerTest, EndCallIsAResponsesDelegation) {
  start("audio/pcmu", 8000, true);
  say("goodbye");
  auto created = wait_for("session.delegation.created");
  ASSERT_TRUE(created);
  auto item = wait_for("response.event", *created, [](const json::object& e) {
    return e.at("event").at("type").as_string() == "response.output_item.done";
  });
  ASSERT_TRUE(item);
  const auto& call = got_[*item].at("event").at("item").as_object();
  EXPECT_EQ(call.at("name").as_string(), "end_call");
  EXPECT_EQ(call.at("status").as_string(), "completed");
  ASSERT_TRUE(wait_for("response.event", *item, [](const json::object& e) {
    return e.at("event").at("type").as_string() == "response.completed";
  }));
  const size_t before = got_.size();
  send(R"({"type":"response.create"})");
  auto early = wait_for("error", before);
  ASSERT_TRUE(early);
  EXPECT_EQ(error_code(*early), "missing_function_call_output");
  send(json::serialize(json::object{{"type", "response.item.create"},
                                    {"item", json::object{{"type", "function_call_output"},
                                                          {"call_id", call.at("call_id")},
                                                          {"output", "ok"}}}}));
  send(R"({"type":"response.create"})");
  send(R"({"type":"session.close"})");
  auto closed = wait_for("session.closed", *early + 1);
  ASSERT_TRUE(closed);
  for (size_t i = *early + 1; i < *closed; ++i) EXPECT_NE(got_[i].at("type").as_string(), "error");
}

}  // namespace
}  // namespace voxgate::agent
