// Simulated calls against a tiny scripted Twilio-side WebSocket server on
// loopback (ephemeral port): checks the wire sequence callsim sends and its
// playout model end to end. Real sockets, real time (about 1 s per test).

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "callsim/simulation.hpp"
#include "scripted_server.hpp"

namespace voxgate::callsim {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::ip::tcp;
using test::Script;
using test::ScriptedServer;

SimOptions options(const std::string& url, int calls) {
  SimOptions o;
  o.url = url;
  o.calls = calls;
  o.seconds = 1;
  o.dtmf = {{500, "5"}};
  o.custom_parameters = {{"tenant", "acme"}};
  o.keep_heard = true;
  return o;
}

std::string event(const json::object& m) {
  return std::string(m.at("event").as_string());
}

TEST(LoopbackTest, CallsFollowTwilioWireOrderAndModelPlayout) {
  ScriptedServer server(Script::kEchoMarksClear);
  const SimReport r = run_simulation(options(server.url(), 3));
  ASSERT_TRUE(r.setup_error.empty()) << r.setup_error;
  ASSERT_EQ(r.calls.size(), 3u);
  EXPECT_TRUE(r.success()) << summary_text(r);
  for (const CallReport& c : r.calls) {
    SCOPED_TRACE(c.index);
    EXPECT_TRUE(c.ok) << c.error;
    EXPECT_EQ(c.ended_by, "caller");
    EXPECT_EQ(c.media_sent, 50u);
    EXPECT_EQ(c.dtmf_sent, 1u);
    // The greeting and the echoes; the last echo may cross our stop (Twilio
    // ignores what arrives after it).
    EXPECT_GE(c.media_received, 50u);
    EXPECT_LE(c.media_received, 51u);
    EXPECT_EQ(c.marks_received, 2u);
    EXPECT_EQ(c.marks_echoed, 2u);
    EXPECT_EQ(c.clears, 1u);
    // The clear came ~200 ms into a 1 s greeting (with echoes queued behind
    // it): most of it was discarded. Every byte is played, discarded or unplayed.
    EXPECT_GT(c.bytes_discarded, 5000u);
    EXPECT_LT(c.bytes_discarded, 8000u + 10 * 160u);
    EXPECT_EQ(c.bytes_played + c.bytes_discarded + c.bytes_unplayed, c.bytes_received);
    EXPECT_EQ(c.heard.size(), c.bytes_played);
    ASSERT_TRUE(c.first_audio_ms.has_value());
    EXPECT_LT(*c.first_audio_ms, 500);
  }
  EXPECT_EQ(r.totals.marks_echoed, 6u);

  const auto conns = server.received();
  ASSERT_EQ(conns.size(), 3u);
  for (const auto& msgs : conns) {
    ASSERT_GE(msgs.size(), 54u);  // connected, start, 50 media, dtmf, marks, stop
    EXPECT_EQ(event(msgs[0]), "connected");
    EXPECT_EQ(msgs[0].at("protocol"), "Call");
    EXPECT_EQ(event(msgs[1]), "start");
    const auto& start = msgs[1].at("start").as_object();
    EXPECT_EQ(start.at("customParameters").at("tenant"), "acme");
    EXPECT_EQ(start.at("mediaFormat").at("encoding"), "audio/x-mulaw");
    EXPECT_EQ(start.at("streamSid").as_string().subview().substr(0, 2), "MZ");
    EXPECT_EQ(start.at("callSid").as_string().subview().substr(0, 2), "CA");
    EXPECT_EQ(event(msgs.back()), "stop");
    uint64_t expect_seq = 1, expect_chunk = 1;
    std::vector<std::string> echoed;
    for (size_t i = 1; i < msgs.size(); ++i) {
      EXPECT_EQ(msgs[i].at("sequenceNumber").as_string(), std::to_string(expect_seq++));
      if (event(msgs[i]) == "media") {
        const auto& media = msgs[i].at("media").as_object();
        EXPECT_EQ(media.at("chunk").as_string(), std::to_string(expect_chunk));
        EXPECT_EQ(media.at("timestamp").as_string(), std::to_string((expect_chunk - 1) * 20));
        EXPECT_EQ(media.at("payload").as_string().size(), 216u);  // base64 of 160 bytes
        ++expect_chunk;
      } else if (event(msgs[i]) == "mark") {
        echoed.emplace_back(msgs[i].at("mark").at("name").as_string());
      } else if (event(msgs[i]) == "dtmf") {
        EXPECT_EQ(msgs[i].at("dtmf").at("digit"), "5");
        // Pressed at 500 ms: sent with the frame covering 500..520 ms (chunk 26).
        EXPECT_EQ(expect_chunk, 26u);
      }
    }
    EXPECT_EQ(echoed, (std::vector<std::string>{"greeting", "m20"}));
  }
}

TEST(LoopbackTest, VonageCallsSendAndPlayBinaryPcm) {
  ScriptedServer server(Script::kVonageEcho);
  SimOptions o = options(server.url(), 2);
  o.carrier = Carrier::kVonage;
  const SimReport r = run_simulation(o);
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_TRUE(r.success()) << summary_text(r);
  EXPECT_EQ(r.carrier, "vonage");
  for (const CallReport& c : r.calls) {
    SCOPED_TRACE(c.index);
    EXPECT_EQ(c.carrier, "vonage");
    EXPECT_EQ(c.ended_by, "caller");
    EXPECT_EQ(c.media_sent, 50u);
    EXPECT_EQ(c.dtmf_sent, 1u);
    EXPECT_GE(c.media_received, 50u);  // the greeting and the echoes
    EXPECT_EQ(c.marks_received, 1u);
    EXPECT_EQ(c.marks_echoed, 1u);
    EXPECT_EQ(c.clears, 1u);
    // Counted as 8 kHz mu-law: the 16000-byte PCM greeting is 8000 bytes.
    EXPECT_GE(c.bytes_received, 8000u + 49 * 160u);
    EXPECT_EQ(c.bytes_played + c.bytes_discarded + c.bytes_unplayed, c.bytes_received);
    EXPECT_GT(c.bytes_discarded, 5000u);
  }
  for (const auto& msgs : server.received()) {
    ASSERT_GE(msgs.size(), 53u);  // connected, 50 binary frames, dtmf, notify, cleared
    EXPECT_EQ(msgs[0].at("event"), "websocket:connected");
    EXPECT_EQ(msgs[0].at("content-type"), "audio/l16;rate=8000");
    EXPECT_EQ(msgs[0].at("tenant"), "acme");
    int binary = 0, notify = 0, cleared = 0, dtmf = 0;
    for (const auto& m : msgs) {
      if (m.contains("binary")) {
        EXPECT_EQ(m.at("binary").to_number<int>(), 320);  // 20 ms of 8 kHz PCM16
        ++binary;
      } else if (m.at("event") == "websocket:notify") {
        EXPECT_EQ(m.at("payload").at("name"), "greeting");
        ++notify;
      } else {
        cleared += m.at("event") == "websocket:cleared";
        dtmf += m.at("event") == "websocket:dtmf";
      }
    }
    EXPECT_EQ(binary, 50);
    EXPECT_EQ(notify, 1);
    EXPECT_EQ(cleared, 1);
    EXPECT_EQ(dtmf, 1);
    EXPECT_FALSE(msgs.back().contains("event") && msgs.back().at("event") == "stop");
  }
}

TEST(LoopbackTest, UnparseableOrUnexpectedServerMessagesAreProtocolErrors) {
  ScriptedServer server(Script::kGarbage);
  const SimReport r = run_simulation(options(server.url(), 1));
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].protocol_errors, 3u);
  EXPECT_FALSE(r.calls[0].ok);
  EXPECT_FALSE(r.success());
}

TEST(LoopbackTest, ServerHangUpEndsTheCallWithoutStop) {
  ScriptedServer server(Script::kHangUpEarly);
  const SimReport r = run_simulation(options(server.url(), 2));
  ASSERT_EQ(r.calls.size(), 2u);
  for (const CallReport& c : r.calls) {
    EXPECT_TRUE(c.ok) << c.error;
    EXPECT_EQ(c.ended_by, "server");
    EXPECT_LT(c.media_sent, 50u);
  }
  for (const auto& msgs : server.received()) EXPECT_NE(event(msgs.back()), "stop");
}

TEST(LoopbackTest, UnansweredCloseIsDroppedAfterTheGrace) {
  ScriptedServer server(Script::kDeafAfterStop);
  SimOptions o = options(server.url(), 1);
  o.seconds = 0.5;
  o.close_grace = std::chrono::milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  const SimReport r = run_simulation(o);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_TRUE(r.calls[0].ok) << r.calls[0].error;
  EXPECT_EQ(r.calls[0].ended_by, "caller");
  // 0.5 s of speech (the last frame goes at 480 ms), then the whole grace,
  // and not much more.
  EXPECT_GE(took, std::chrono::milliseconds(780));
  EXPECT_LT(took, std::chrono::milliseconds(2000));
  const auto conns = server.received();
  ASSERT_EQ(conns.size(), 1u);
  EXPECT_EQ(event(conns[0].back()), "stop");
}

TEST(LoopbackTest, RefusedConnectionFailsTheCall) {
  // Bind then close a port so nothing listens on it.
  asio::io_context ioc;
  tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = a.local_endpoint().port();
  a.close();
  const SimReport r =
      run_simulation(options("ws://127.0.0.1:" + std::to_string(port) + "/media", 2));
  EXPECT_EQ(r.totals.calls_failed, 2);
  EXPECT_FALSE(r.calls[0].connected);
  EXPECT_NE(r.calls[0].error.find("connect"), std::string::npos);
  EXPECT_FALSE(r.success());
}

TEST(LoopbackTest, BadUrlIsASetupError) {
  SimOptions o;
  o.url = "http://127.0.0.1/media";
  const SimReport r = run_simulation(o);
  EXPECT_FALSE(r.setup_error.empty());
  EXPECT_FALSE(r.success());
}

TEST(LoopbackTest, RecordsWhatTheCallerHeardAndWritesTheJsonReport) {
  ScriptedServer server(Script::kEchoMarksClear);
  const auto dir =
      std::filesystem::temp_directory_path() / ("callsim_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  SimOptions o = options(server.url(), 1);
  o.seconds = 0.5;
  o.record_dir = dir.string();
  o.json_path = (dir / "report.json").string();
  const SimReport r = run_simulation(o);
  ASSERT_EQ(r.calls.size(), 1u);
  const CallReport& c = r.calls[0];
  ASSERT_FALSE(c.record_path.empty());
  EXPECT_EQ(std::filesystem::file_size(c.record_path), 44 + 2 * c.bytes_played);
  std::ifstream f(o.json_path);
  const std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  const json::value v = json::parse(text);
  EXPECT_EQ(v.at("calls").at(0).at("record_path").as_string(), c.record_path);
  EXPECT_EQ(v.at("totals").at("bytes_played").to_number<uint64_t>(), c.bytes_played);
  std::filesystem::remove_all(dir);
}

// A load figure, not a check: run with --gtest_also_run_disabled_tests.
TEST(LoopbackTest, DISABLED_LoadManyCalls) {
  ScriptedServer server(Script::kEchoMarksClear);
  SimOptions o = options(server.url(), 100);
  o.seconds = 5;
  o.ramp_per_sec = 200;
  o.keep_heard = false;
  const SimReport r = run_simulation(o);
  std::printf("%s", summary_text(r).c_str());
  EXPECT_TRUE(r.success());
}

}  // namespace
}  // namespace voxgate::callsim
