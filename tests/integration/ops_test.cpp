// Security, shutdown and metrics (README) on the whole application (VoxgateApp) over real
// loopback sockets and a real SQLite file: the per-call stream token on
// /media, the fallback clip at the end of the shutdown grace, and the
// latency histograms after a bridged call.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cmath>
#include <filesystem>
#include <future>
#include <regex>
#include <sstream>

#include "app/demo_call.hpp"
#include "app/demo_summary.hpp"
#include "app/voxgate_app.hpp"
#include "audio/base64.hpp"
#include "audio/wav_writer.hpp"
#include "bridge/clip_library.hpp"
#include "callsim/simulation.hpp"
#include "fakeai/server.hpp"
#include "integration/app_fixture.hpp"
#include "telephony/twilio/codec.hpp"
#include "telephony/twilio/twiml.hpp"

namespace voxgate::testing {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

constexpr char kAuthToken[] = "twilio-auth-token-for-tests";

// The count of a histogram in /metrics text ("name_count N").
double histogram_count(const std::string& metrics, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(metrics, m, std::regex(name + "_count(?:\\{[^}]*\\})? ([0-9.e+]+)"))) {
    return -1;
  }
  return std::stod(m[1]);
}

class OpsTest : public AppFixture {
 protected:
  void with_tokens() {
    config_.server.twilio_auth_token = kAuthToken;
    config_.server.validate_twilio_signature = true;
    config_.server.stream_token = true;
  }
  // POST /twiml as Twilio would, signed; returns the stream token in the TwiML.
  std::string twiml_token(uint16_t port, const std::string& call_sid) {
    http::request<http::string_body> req{http::verb::post, "/twiml", 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "CallSid=" + call_sid + "&AccountSid=AC1";
    const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/twiml";
    req.set("X-Twilio-Signature",
            telephony::twilio::twilio_signature(kAuthToken, url,
                                                {{"CallSid", call_sid}, {"AccountSid", "AC1"}}));
    auto res = http_request(port, std::move(req));
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    std::smatch m;
    const std::string body = res.body();
    if (!std::regex_search(body, m,
                           std::regex(R"re(name="voxgate_stream_token" value="([^"]+)")re"))) {
      return {};
    }
    return m[1];
  }
};

// A Twilio media stream by hand: connect, send `start` with the token, then
// either wait for the server's close (refused) or stay until told.
class RawStream {
 public:
  explicit RawStream(uint16_t port) : ws_(io_) {
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws_).connect({boost::asio::ip::make_address("127.0.0.1"), port});
    ws_.handshake("127.0.0.1", "/media");
  }
  void start(const std::string& call_sid, const std::string& token) {
    telephony::twilio::Start start;
    start.sequence = 1;
    start.stream_sid = "MZ" + call_sid;
    start.account_sid = "AC1";
    start.call_sid = call_sid;
    start.tracks = {"inbound"};
    start.media_format.encoding = "audio/x-mulaw";
    start.custom_parameters = {{"voxgate_stream_token", token}};
    ws_.write(boost::asio::buffer(telephony::twilio::encode_inbound(start)));
  }
  // Reads until the server closes; returns the close code (0: no close).
  int close_code() {
    beast::flat_buffer buf;
    beast::error_code ec;
    while (!ec) {
      buf.clear();
      ws_.read(buf, ec);
    }
    return ec == websocket::error::closed ? ws_.reason().code : 0;
  }
  void stop() {
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
  }

 private:
  boost::asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
};

TEST_F(OpsTest, StreamTokenFromTheWebhookOpensTheStreamOnceOnly) {
  start_fake();
  with_tokens();
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  const std::string token = twiml_token(vox.port(), "CA100");
  ASSERT_FALSE(token.empty());
  {
    RawStream good(vox.port());
    good.start("CA100", token);
    EXPECT_TRUE(wait_until([&] { return vox.calls().is_live("CA100"); }, std::chrono::seconds(5)));
    good.stop();
  }
  ASSERT_TRUE(wait_until([&] { return !vox.calls().is_live("CA100"); }, std::chrono::seconds(5)));
  // Replayed: the same token again, even for the same call.
  RawStream replay(vox.port());
  replay.start("CA100", token);
  EXPECT_EQ(replay.close_code(), 1008);
  // Wrong CallSid, bad MAC, missing.
  const std::string other = twiml_token(vox.port(), "CA200");
  RawStream wrong(vox.port());
  wrong.start("CA201", other);
  EXPECT_EQ(wrong.close_code(), 1008);
  std::string forged = other;
  forged.back() = forged.back() == '0' ? '1' : '0';
  RawStream bad(vox.port());
  bad.start("CA200", forged);
  EXPECT_EQ(bad.close_code(), 1008);
  RawStream missing(vox.port());
  missing.start("CA300", "");
  EXPECT_EQ(missing.close_code(), 1008);
  EXPECT_FALSE(vox.calls().is_live("CA201"));

  const auto metrics = http_request(vox.port(), {http::verb::get, "/metrics", 11}).body();
  for (const char* reason : {"replayed", "wrong_call", "bad_mac", "missing"}) {
    EXPECT_NE(
        metrics.find(std::string("voxgate_streams_refused_total{reason=\"") + reason + "\"} 1"),
        std::string::npos)
        << reason << "\n"
        << metrics;
  }
  vox.stop();
  // The good call left a record; the refused streams left none.
  ASSERT_TRUE(vox.store()->get("CA100"));
  EXPECT_FALSE(vox.store()->get("CA200"));
  EXPECT_FALSE(vox.store()->get("CA300"));
}

TEST_F(OpsTest, WebhookSignatureAndTokenAreOffWithoutAnAuthToken) {
  start_fake();
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  http::request<http::string_body> req{http::verb::post, "/twiml", 11};
  req.body() = "CallSid=CA1";
  auto res = http_request(vox.port(), std::move(req));
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body().find("voxgate_stream_token"), std::string::npos);
  vox.stop();
}

TEST_F(OpsTest, ShutdownPlaysTheFallbackClipToLiveCallsAndWritesEveryRecord) {
  start_fake();
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
  sim.calls = 3;
  sim.seconds = 30;
  sim.source = callsim::SourceKind::kSilence;
  sim.keep_heard = true;
  auto done = std::async(std::launch::async, [sim] { return callsim::run_simulation(sim); });
  ASSERT_TRUE(wait_until([&] { return vox.calls().size() == 3; }, std::chrono::seconds(10)));
  vox.stop(std::chrono::milliseconds(500));
  const auto report = done.get();
  ASSERT_EQ(report.calls.size(), 3u);

  auto clips = bridge::ClipLibrary::load(VOXGATE_SOURCE_DIR "/assets/clips/holding.wav",
                                         VOXGATE_SOURCE_DIR "/assets/clips/fallback.wav");
  ASSERT_TRUE(clips.ok());
  std::vector<uint8_t> clip;
  for (const auto& chunk : clips->get(call::Clip::kFallback).chunks_b64) {
    std::vector<uint8_t> bytes;
    ASSERT_TRUE(audio::base64_decode(chunk, bytes));
    clip.insert(clip.end(), bytes.begin(), bytes.end());
  }
  ASSERT_GT(clip.size(), 8000u);
  for (const auto& c : report.calls) {
    EXPECT_EQ(c.ended_by, "server") << c.call_sid;
    // The caller heard the whole clip, in order.
    EXPECT_NE(std::search(c.heard.begin(), c.heard.end(), clip.begin(), clip.end()), c.heard.end())
        << c.call_sid << " heard " << c.heard.size() << " bytes";
    auto record = vox.store()->get(c.call_sid);
    ASSERT_TRUE(record) << c.call_sid;
    EXPECT_EQ(record->end_reason, "shutdown");
  }
}

TEST_F(OpsTest, HistogramsAreFilledAfterABridgedCall) {
  start_fake("response_seconds = 1.0\nvad_threshold = 300\n");
  config_.api.token = "op";
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  // The caller: quiet through the greeting, a 1 s tone the fake AI's VAD
  // hears as speech, then quiet while the AI answers (turn latency).
  std::vector<int16_t> pcm(static_cast<size_t>(5.0 * 8000), 0);
  for (size_t i = 12000; i < 20000; ++i) {
    pcm[i] = static_cast<int16_t>(8000 * std::sin(2 * 3.14159265 * 440 * i / 8000.0));
  }
  const std::string wav = db_ + ".caller.wav";
  auto w = audio::WavWriter::open(wav, 1, 8000);
  ASSERT_TRUE(w && w->write(pcm) && w->close());
  callsim::SimOptions sim;
  sim.url = "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media";
  sim.source = callsim::SourceKind::kWav;
  sim.wav_path = wav;
  sim.seconds = 5.0;
  sim.linger_s = 1.0;
  const auto report = callsim::run_simulation(sim);
  ASSERT_EQ(report.calls.size(), 1u);
  const auto metrics = http_request(vox.port(), {http::verb::get, "/metrics", 11}).body();
  EXPECT_GT(histogram_count(metrics, "voxgate_ai_connect_seconds"), 0) << metrics;
  EXPECT_GT(histogram_count(metrics, "voxgate_first_audio_seconds"), 0);
  EXPECT_GT(histogram_count(metrics, "voxgate_turn_latency_seconds"), 0);
  // What `voxgate demo` prints: the same, fetched over loopback, plus the record.
  std::ostringstream out;
  EXPECT_TRUE(app::print_served_summary(vox.port(), report.calls[0].call_sid, "op", out));
  EXPECT_NE(out.str().find("voxgate_first_audio_seconds: "), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("end reason: caller_hangup; turns: "), std::string::npos) << out.str();
  vox.stop();
  std::filesystem::remove(wav);
}

// `voxgate demo --carrier vonage`: the demo's call in another carrier's
// dialect, at that carrier's path on the app's own listener.
TEST_F(OpsTest, DemoCallSpeaksTheCarrierItIsGiven) {
  start_fake("response_seconds = 1.0\n");
  app::VoxgateApp vox(config_);
  ASSERT_TRUE(vox.start().ok());
  const std::string wav = db_ + ".caller.wav";
  auto w = audio::WavWriter::open(wav, 1, 8000);
  ASSERT_TRUE(w && w->write(std::vector<int16_t>(2 * 8000, 0)) && w->close());
  auto sim = app::demo_call(vox.port(), wav, 2.0, callsim::Carrier::kVonage);
  EXPECT_EQ(sim.url, "ws://127.0.0.1:" + std::to_string(vox.port()) + "/media/vonage");
  sim.linger_s = 1.0;
  const auto report = callsim::run_simulation(sim);
  ASSERT_EQ(report.calls.size(), 1u);
  const auto& c = report.calls[0];
  EXPECT_TRUE(c.ok) << c.error;
  EXPECT_EQ(c.carrier, "vonage");
  EXPECT_GT(c.bytes_played, 4000u);  // the greeting, in 20 ms binary frames
  vox.stop();                        // as the demo does: records are written once the writer drains
  std::filesystem::remove(wav);
  const auto record = vox.store()->get(c.call_sid);
  ASSERT_TRUE(record) << c.call_sid;
  EXPECT_EQ(record->end_reason, "caller_hangup");
}

}  // namespace
}  // namespace voxgate::testing
