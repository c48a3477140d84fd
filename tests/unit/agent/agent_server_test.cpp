// LocalAgentServer over real loopback sockets: a Realtime client (WsClient)
// talks to it as voxgate would. The io_context runs in the test thread and is
// polled until a condition holds, no sleeps.

#include "agent/agent_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/strand.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>

#include "agent/dialogue.hpp"
#include "agent/tts.hpp"
#include "audio/base64.hpp"
#include "net/ws_client.hpp"
#include "realtime/codec.hpp"

namespace voxgate::agent {
namespace {

namespace rt = realtime;
using Clock = std::chrono::steady_clock;

const std::string kDental = std::string(VOXGATE_SOURCE_DIR) + "/examples/agents/dental.toml";

// What the client received, parsed, with arrival times.
struct Received {
  std::string text;
  rt::ServerEvent event;
  Clock::time_point at;
};

template <typename T>
const T* as(const Received& r) {
  return std::get_if<T>(&r.event);
}

class AgentServerTest : public ::testing::Test {
 protected:
  void start_server(double playback_speed) {
    AgentServerOptions opts;
    opts.agent_file = kDental;
    opts.playback_speed = playback_speed;
    auto s = LocalAgentServer::start(io_, opts);
    ASSERT_TRUE(s) << s.error();
    server_ = std::move(s).value();
  }

  void TearDown() override {
    if (conn_) conn_->post([c = conn_] { c->close(); });
    run_until([] { return false; }, std::chrono::milliseconds(20));
    server_.reset();
  }

  bool run_until(const std::function<bool()>& pred,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto deadline = Clock::now() + limit;
    while (!pred()) {
      if (Clock::now() > deadline) return false;
      io_.restart();
      io_.run_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  void connect(const std::string& path = "/v1/realtime?model=local",
               std::vector<std::pair<std::string, std::string>> headers = {}) {
    net::ClientOptions o;
    o.url = "ws://127.0.0.1:" + std::to_string(server_->port()) + path;
    o.headers = std::move(headers);
    std::optional<net::ConnectResult> result;
    net::WsClient::connect(boost::asio::make_strand(io_), o, [&](net::ConnectResult r) {
      if (r) {
        (*r)->start({[this](std::string_view t) {
                       auto ev = rt::parse_server_event(t);
                       ASSERT_TRUE(ev) << t;
                       got_.push_back({std::string(t), *ev, Clock::now()});
                     },
                     [](const net::CloseInfo&) {}});
      }
      result.emplace(std::move(r));
    });
    ASSERT_TRUE(run_until([&] { return result.has_value(); }));
    ASSERT_TRUE(*result);
    conn_ = **result;
    ASSERT_TRUE(wait_for<rt::SessionCreated>());
  }

  void send(std::string text) {
    conn_->post([c = conn_, t = std::move(text)]() mutable { EXPECT_TRUE(c->send(std::move(t))); });
  }
  // Sends a batch and waits until it has left the client's write queue.
  void send_all(std::vector<std::string> texts) {
    for (size_t i = 0; i < texts.size(); ++i) {
      send(std::move(texts[i]));
      if (i % 32 == 31) {
        ASSERT_TRUE(run_until([&] { return conn_->queued() == 0; }));
      }
    }
    ASSERT_TRUE(run_until([&] { return conn_->queued() == 0; }));
  }

  // Index of the first event of type T at or after `from`, waiting for it.
  template <typename T>
  std::optional<size_t> wait_for(size_t from = 0,
                                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::optional<size_t> found;
    run_until(
        [&] {
          for (size_t i = from; i < got_.size(); ++i) {
            if (as<T>(got_[i]) != nullptr) return (found = i).has_value();
          }
          return false;
        },
        limit);
    return found;
  }

  // The response.done at or after `from`, with everything before it.
  std::optional<size_t> wait_response_done(size_t from = 0) {
    return wait_for<rt::ResponseDone>(from, std::chrono::seconds(20));
  }

  // Total mu-law bytes of the audio deltas of `response_id`.
  size_t audio_bytes(const std::string& response_id) const {
    size_t n = 0;
    for (const auto& r : got_) {
      if (const auto* d = as<rt::AudioDelta>(r); d && d->response_id == response_id) {
        n += audio::base64_decoded_size(d->delta_b64);
      }
    }
    return n;
  }

  // The caller says `text` (flite "rms") in 20 ms appends, then 1.5 s of
  // mu-law silence, as fast as the socket takes it.
  void say(const std::string& text) {
    std::vector<uint8_t> ulaw = Tts("rms").synthesize_ulaw8k(text);
    ulaw.resize(ulaw.size() + 1500 * 8, 0xFF);
    std::vector<std::string> frames;
    for (size_t off = 0; off < ulaw.size(); off += 160) {
      const size_t n = std::min<size_t>(160, ulaw.size() - off);
      frames.push_back(
          rt::encode_audio_append(audio::base64_encode(std::span(ulaw).subspan(off, n))));
    }
    send_all(std::move(frames));
  }

  // response.create and wait for its response.done; returns [created, done].
  std::pair<size_t, size_t> greet() {
    const size_t from = got_.size();
    send(rt::encode(rt::ClientEvent{rt::ResponseCreate{}}, rt::Dialect::kGA));
    auto done = wait_response_done(from);
    EXPECT_TRUE(done);
    auto created = wait_for<rt::ResponseCreated>(from);
    EXPECT_TRUE(created);
    return {created.value_or(0), done.value_or(0)};
  }

  boost::asio::io_context io_;
  std::unique_ptr<LocalAgentServer> server_;
  std::shared_ptr<net::WsConnection> conn_;
  std::vector<Received> got_;
};

TEST_F(AgentServerTest, SessionUpdateThenGreeting) {
  start_server(20.0);
  connect();
  rt::SessionConfig cfg;
  cfg.turn_detection->silence_duration_ms = 600;
  send(rt::encode(rt::ClientEvent{rt::SessionUpdate{cfg}}, rt::Dialect::kGA));
  ASSERT_TRUE(wait_for<rt::SessionUpdated>());

  const auto t0 = Clock::now();
  const auto [created, done] = greet();
  const std::string id = as<rt::ResponseCreated>(got_[created])->response_id;
  EXPECT_EQ(id.rfind("resp_", 0), 0u);
  const auto* d = as<rt::ResponseDone>(got_[done]);
  EXPECT_EQ(d->response_id, id);
  EXPECT_EQ(d->status, rt::ResponseStatus::kCompleted);
  EXPECT_GT(audio_bytes(id), 8000u);  // > 1 s of mu-law

  auto added = wait_for<rt::ItemAdded>(created);
  ASSERT_TRUE(added);
  EXPECT_EQ(as<rt::ItemAdded>(got_[*added])->role, "assistant");
  auto tdone = wait_for<rt::TranscriptDone>(created);
  ASSERT_TRUE(tdone);
  EXPECT_EQ(as<rt::TranscriptDone>(got_[*tdone])->transcript,
            "Hello, thank you for calling Bright Smile Dental. How can I help you today?");
  auto first = wait_for<rt::AudioDelta>(created);
  ASSERT_TRUE(first);
  std::printf("[agent_server] greeting: response.create -> first delta %.0f ms, %.2f s audio\n",
              std::chrono::duration<double, std::milli>(got_[*first].at - t0).count(),
              static_cast<double>(audio_bytes(id)) / 8000.0);
  EXPECT_EQ(server_->stats().responses, 1u);
  EXPECT_EQ(server_->stats().connections, 1u);
}

TEST_F(AgentServerTest, CallerTurnIsRecognisedAndAnswered) {
  start_server(20.0);
  connect();
  greet();
  const size_t from = got_.size();
  say("i would like to book an appointment");
  auto started = wait_for<rt::SpeechStarted>(from);
  auto stopped = wait_for<rt::SpeechStopped>(from);
  auto committed = wait_for<rt::AudioCommitted>(from);
  auto heard = wait_for<rt::InputTranscription>(from);
  ASSERT_TRUE(started && stopped && committed && heard);
  const std::string item = as<rt::SpeechStarted>(got_[*started])->item_id;
  EXPECT_EQ(as<rt::SpeechStopped>(got_[*stopped])->item_id, item);
  EXPECT_EQ(as<rt::AudioCommitted>(got_[*committed])->item_id, item);
  EXPECT_LT(as<rt::SpeechStarted>(got_[*started])->audio_start_ms,
            as<rt::SpeechStopped>(got_[*stopped])->audio_end_ms);
  EXPECT_EQ(as<rt::InputTranscription>(got_[*heard])->item_id, item);
  EXPECT_EQ(as<rt::InputTranscription>(got_[*heard])->transcript,
            "i would like to book an appointment");
  // GA types: the completed transcription carries its usage (LOCAL-AGENT-CONFORMANCE 4).
  const auto usage = boost::json::parse(got_[*heard].text).at("usage").as_object();
  EXPECT_EQ(usage.at("type").as_string(), "duration");
  EXPECT_GT(usage.at("seconds").to_number<double>(), 1.0);

  auto done = wait_response_done(*heard);
  auto created = wait_for<rt::ResponseCreated>(*heard);
  ASSERT_TRUE(done && created);
  const std::string id = as<rt::ResponseCreated>(got_[*created])->response_id;
  EXPECT_GT(audio_bytes(id), 8000u);
  auto tdone = wait_for<rt::TranscriptDone>(*created);
  ASSERT_TRUE(tdone);
  EXPECT_EQ(as<rt::TranscriptDone>(got_[*tdone])->transcript,
            "Of course. Which day would you like to come in? Monday to Friday.");
  const auto s = server_->stats();
  std::printf("[agent_server] turn: speech_stopped -> first reply delta %.0f ms (server)\n",
              1000.0 * s.reply_latency_seconds);
  EXPECT_EQ(s.turns_recognised, 1u);
  EXPECT_EQ(s.reply_latency_count, 1u);
  EXPECT_GT(s.asr_seconds, 0.0);
}

// The agent file's fixed lines are synthesised at start-up, once each; a
// call's greeting and its slot-free replies are then served from memory and
// only a slot-filled reply costs a synthesis (once per distinct text).
// GA types (LOCAL-AGENT-CONFORMANCE 1, 2): output_item.done names its
// response and its message carries the transcript; response.done repeats the
// items, so a client reading the transcript there gets it, and has usage.
TEST_F(AgentServerTest, ResponseItemsCarryTheirResponseAndTranscript) {
  start_server(20.0);
  connect();
  const auto [created, done] = greet();
  const std::string id = as<rt::ResponseCreated>(got_[created])->response_id;
  const std::string greeting =
      "Hello, thank you for calling Bright Smile Dental. How can I help you today?";
  auto item = wait_for<rt::OutputItemDone>(created);
  ASSERT_TRUE(item);
  const auto* i = as<rt::OutputItemDone>(got_[*item]);
  EXPECT_EQ(i->response_id, id);
  EXPECT_EQ(i->transcript, greeting);
  const auto r = boost::json::parse(got_[done].text).at("response").as_object();
  ASSERT_EQ(r.at("output").as_array().size(), 1u);
  EXPECT_EQ(r.at("output").at(0).at("content").at(0).at("transcript").as_string(), greeting);
  EXPECT_TRUE(r.contains("usage"));
}

// The end of turn follows session.update whether it comes before or after
// the audio (LOCAL-AGENT-CONFORMANCE 6: it used to stay at the engine's
// default once audio had started). 700 ms of silence after the words does
// not end a turn under a 1500 ms update sent after the first audio; 1000 ms
// more does. A client event of a type the agent does not serve is answered
// in order (an error), so its error marks where the agent has read up to.
TEST_F(AgentServerTest, SessionUpdateAfterAudioSetsTheEndOfTurnSilence) {
  start_server(20.0);
  connect();
  auto silence = [&](int ms) {
    const std::vector<uint8_t> ulaw(static_cast<size_t>(ms) * 8, 0xFF);
    std::vector<std::string> frames;
    for (size_t off = 0; off < ulaw.size(); off += 160) {
      frames.push_back(
          rt::encode_audio_append(audio::base64_encode(std::span(ulaw).subspan(off, 160))));
    }
    send_all(std::move(frames));
  };
  auto read_up_to_here = [&] {
    const size_t from = got_.size();
    send(R"({"type":"voxgate.test.marker"})");
    auto e = wait_for<rt::Error>(from);
    EXPECT_TRUE(e);
    return e.value_or(got_.size());
  };
  silence(200);
  read_up_to_here();  // the engine exists and has heard audio
  rt::SessionConfig cfg;
  cfg.turn_detection->silence_duration_ms = 1500;
  const size_t from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::SessionUpdate{cfg}}, rt::Dialect::kGA));
  ASSERT_TRUE(wait_for<rt::SessionUpdated>(from));
  std::vector<uint8_t> words = Tts("rms").synthesize_ulaw8k("goodbye");
  std::vector<std::string> frames;
  for (size_t off = 0; off < words.size(); off += 160) {
    const size_t n = std::min<size_t>(160, words.size() - off);
    frames.push_back(
        rt::encode_audio_append(audio::base64_encode(std::span(words).subspan(off, n))));
  }
  send_all(std::move(frames));
  silence(700);
  const size_t mark = read_up_to_here();
  ASSERT_TRUE(wait_for<rt::SpeechStarted>(from));
  for (size_t k = from; k < mark; ++k) EXPECT_EQ(as<rt::SpeechStopped>(got_[k]), nullptr);
  silence(1000);
  const size_t mark2 = read_up_to_here();
  auto stopped = wait_for<rt::SpeechStopped>(mark);
  ASSERT_TRUE(stopped);
  EXPECT_LT(*stopped, mark2);
}

// LOCAL-AGENT-CONFORMANCE 5: a setting the agent cannot honour (another
// audio format, turn detection off) is an error and changes nothing; an
// honoured update is reported as in force.
TEST_F(AgentServerTest, SessionUpdatedReportsWhatIsInForceOrAnError) {
  start_server(20.0);
  connect();
  send(R"({"type":"session.update","session":{"type":"realtime","audio":{"output":
    {"format":{"type":"audio/pcm","rate":24000}}}}})");
  auto refused = wait_for<rt::Error>();
  ASSERT_TRUE(refused);
  EXPECT_EQ(as<rt::Error>(got_[*refused])->code, "invalid_value");
  EXPECT_EQ(as<rt::Error>(got_[*refused])->param, "session.audio.output.format.type");
  send(R"({"type":"session.update","session":{"turn_detection":null}})");
  auto off = wait_for<rt::Error>(*refused + 1);
  ASSERT_TRUE(off);
  EXPECT_NE(as<rt::Error>(got_[*off])->message.find("detects turns"), std::string::npos);
  for (const auto& r : got_) EXPECT_EQ(as<rt::SessionUpdated>(r), nullptr);

  rt::SessionConfig cfg;
  cfg.instructions = "Be brief.";
  cfg.turn_detection->silence_duration_ms = 800;
  send(rt::encode(rt::ClientEvent{rt::SessionUpdate{cfg}}, rt::Dialect::kGA));
  auto updated = wait_for<rt::SessionUpdated>();
  ASSERT_TRUE(updated);
  const auto s = boost::json::parse(got_[*updated].text).at("session").as_object();
  EXPECT_EQ(s.at("instructions").as_string(), "Be brief.");
  const auto& td = s.at("audio").at("input").at("turn_detection").as_object();
  EXPECT_EQ(td.at("type").as_string(), "server_vad");
  EXPECT_EQ(td.at("silence_duration_ms").as_int64(), 800);
  EXPECT_EQ(s.at("audio").at("output").at("format").at("type").as_string(), "audio/pcmu");
}

TEST_F(AgentServerTest, FixedLinesAreRenderedAtStartAndServedFromMemory) {
  start_server(20.0);
  auto spec = load_agent_spec(kDental);
  ASSERT_TRUE(spec);
  const size_t fixed = Dialogue::fixed_lines(*spec).size();
  auto s = server_->speech_stats();
  EXPECT_EQ(s.pinned, fixed);
  EXPECT_EQ(s.syntheses, fixed);
  connect();
  greet();
  EXPECT_EQ(server_->speech_stats().syntheses, fixed);
  // Said, and how many syntheses the reply costs: "wednesday, great" is new
  // the first time only.
  const std::vector<std::pair<std::string, size_t>> turns = {
      {"i would like to book an appointment", 0},
      {"on wednesday", 1},
      {"in the afternoon", 1},
      {"no that is wrong", 0},
      {"on wednesday", 0},
  };
  for (const auto& [said, new_lines] : turns) {
    const size_t from = got_.size();
    const uint64_t before = server_->speech_stats().syntheses;
    say(said);
    auto heard = wait_for<rt::InputTranscription>(from);
    ASSERT_TRUE(heard) << said;
    ASSERT_EQ(as<rt::InputTranscription>(got_[*heard])->transcript, said);
    ASSERT_TRUE(wait_response_done(*heard)) << said;
    EXPECT_EQ(server_->speech_stats().syntheses, before + new_lines) << said;
  }
  EXPECT_EQ(server_->speech_stats().unpinned, 2u);
}

TEST_F(AgentServerTest, CancelStopsPacedAudioAtOnce) {
  start_server(1.0);  // real time: 100 ms per delta
  connect();
  const size_t from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::ResponseCreate{}}, rt::Dialect::kGA));
  auto created = wait_for<rt::ResponseCreated>(from);
  ASSERT_TRUE(created);
  const std::string id = as<rt::ResponseCreated>(got_[*created])->response_id;
  std::vector<Clock::time_point> deltas;
  ASSERT_TRUE(run_until([&] {
    deltas.clear();
    for (const auto& r : got_) {
      if (as<rt::AudioDelta>(r)) deltas.push_back(r.at);
    }
    return deltas.size() >= 4;
  }));
  // Absolute deadlines: delta k leaves at k * 100 ms after the first.
  const double span_ms = std::chrono::duration<double, std::milli>(deltas[3] - deltas[0]).count();
  EXPECT_GT(span_ms, 250.0);
  EXPECT_LT(span_ms, 400.0);
  std::printf("[agent_server] pacing: deltas 0..3 span %.0f ms (300 expected)\n", span_ms);

  send(rt::encode(rt::ClientEvent{rt::ResponseCancel{id}}, rt::Dialect::kGA));
  auto done = wait_response_done(*created);
  ASSERT_TRUE(done);
  const auto* d = as<rt::ResponseDone>(got_[*done]);
  EXPECT_EQ(d->status, rt::ResponseStatus::kCancelled);
  EXPECT_EQ(d->reason, "client_cancelled");
  const size_t bytes_at_cancel = audio_bytes(id);
  EXPECT_LT(bytes_at_cancel, 8000u);  // far less than the 4.9 s greeting
  run_until([] { return false; }, std::chrono::milliseconds(400));
  EXPECT_EQ(audio_bytes(id), bytes_at_cancel);
  for (size_t i = *done + 1; i < got_.size(); ++i) EXPECT_EQ(as<rt::AudioDelta>(got_[i]), nullptr);

  // Nothing active now: the error voxgate ignores.
  const size_t before = got_.size();
  send(rt::encode(rt::ClientEvent{rt::ResponseCancel{}}, rt::Dialect::kGA));
  auto err = wait_for<rt::Error>(before);
  ASSERT_TRUE(err);
  EXPECT_EQ(as<rt::Error>(got_[*err])->code, "response_cancel_not_active");
  EXPECT_EQ(server_->stats().cancels, 1u);
}

TEST_F(AgentServerTest, BetaHeaderGivesBetaEventNames) {
  start_server(20.0);
  connect("/", {{"OpenAI-Beta", "realtime=v1"}});
  const auto [created, done] = greet();
  bool beta_delta = false, ga_delta = false, beta_item = false;
  for (size_t i = created; i <= done; ++i) {
    const auto& t = got_[i].text;
    beta_delta |= t.find(R"("type":"response.audio.delta")") != std::string::npos;
    ga_delta |= t.find("response.output_audio.delta") != std::string::npos;
    beta_item |= t.find(R"("type":"conversation.item.created")") != std::string::npos;
  }
  EXPECT_TRUE(beta_delta);
  EXPECT_FALSE(ga_delta);
  EXPECT_TRUE(beta_item);
}

TEST_F(AgentServerTest, BadMessagesAreAnsweredAndTheConnectionGoesOn) {
  start_server(20.0);
  connect("/any/path");
  send("not json");
  send(R"({"type":"input_audio_buffer.append","audio":"***"})");
  ASSERT_TRUE(run_until([&] {
    int n = 0;
    for (const auto& r : got_) n += as<rt::Error>(r) != nullptr;
    return n == 2;
  }));
  for (const auto& r : got_) {
    if (const auto* e = as<rt::Error>(r)) {
      EXPECT_EQ(e->type, "invalid_request_error");
      EXPECT_EQ(e->code, "invalid_event");
    }
  }
  send(rt::encode(rt::ClientEvent{rt::SessionUpdate{}}, rt::Dialect::kGA));
  EXPECT_TRUE(wait_for<rt::SessionUpdated>());
  EXPECT_EQ(server_->stats().bad_events, 2u);
}

// LOCAL-AGENT-CONFORMANCE 7: a type the agent does not serve is named in
// its invalid_event; conversation.item.retrieve is answered with the item
// (or item_not_found); the connection goes on.
TEST_F(AgentServerTest, UnknownTypesAreNamedAndItemsRetrieved) {
  start_server(20.0);
  connect();
  const auto [created, done] = greet();
  const std::string item =
      as<rt::OutputItemDone>(got_[*wait_for<rt::OutputItemDone>(created)])->item_id;
  size_t from = got_.size();
  send(R"({"type":"conversation.item.frobnicate","item_id":"x"})");
  auto err = wait_for<rt::Error>(from);
  ASSERT_TRUE(err);
  EXPECT_EQ(as<rt::Error>(got_[*err])->code, "invalid_event");
  EXPECT_NE(as<rt::Error>(got_[*err])->message.find("'conversation.item.frobnicate'"),
            std::string::npos);
  from = got_.size();
  send(R"({"type":"conversation.item.retrieve","item_id":")" + item + R"("})");
  ASSERT_TRUE(run_until([&] {
    for (size_t i = from; i < got_.size(); ++i)
      if (got_[i].text.find("conversation.item.retrieved") != std::string::npos) return true;
    return false;
  }));
  const auto ev = boost::json::parse(got_.back().text).as_object();
  EXPECT_EQ(ev.at("type").as_string(), "conversation.item.retrieved");
  const auto& it = ev.at("item").as_object();
  EXPECT_EQ(it.at("id").as_string(), item);
  EXPECT_EQ(it.at("role").as_string(), "assistant");
  EXPECT_EQ(it.at("content").at(0).at("transcript").as_string(),
            "Hello, thank you for calling Bright Smile Dental. How can I help you today?");
  from = got_.size();
  send(R"({"type":"conversation.item.retrieve","item_id":"item_nope"})");
  err = wait_for<rt::Error>(from);
  ASSERT_TRUE(err);
  EXPECT_EQ(as<rt::Error>(got_[*err])->code, "item_not_found");
  EXPECT_EQ(server_->stats().bad_events, 1u);
}

// LOCAL-AGENT-CONFORMANCE 7: a manual commit under server VAD is accepted
// (the audio since the last commit becomes a user item); under 100 ms of
// audio it is the API's commit_empty error.
TEST_F(AgentServerTest, ManualCommitUnderServerVadIsAccepted) {
  start_server(20.0);
  connect();
  size_t from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::AudioCommit{}}, rt::Dialect::kGA));
  auto err = wait_for<rt::Error>(from);
  ASSERT_TRUE(err);
  EXPECT_EQ(as<rt::Error>(got_[*err])->code, "input_audio_buffer_commit_empty");
  const std::vector<uint8_t> ulaw(300 * 8, 0xFF);
  std::vector<std::string> frames;
  for (size_t off = 0; off < ulaw.size(); off += 160)
    frames.push_back(
        rt::encode_audio_append(audio::base64_encode(std::span(ulaw).subspan(off, 160))));
  send_all(std::move(frames));
  from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::AudioCommit{}}, rt::Dialect::kGA));
  auto committed = wait_for<rt::AudioCommitted>(from);
  auto added = wait_for<rt::ItemAdded>(from);
  ASSERT_TRUE(committed && added);
  EXPECT_EQ(as<rt::ItemAdded>(got_[*added])->item_id,
            as<rt::AudioCommitted>(got_[*committed])->item_id);
  EXPECT_EQ(as<rt::ItemAdded>(got_[*added])->role, "user");
  for (size_t i = from; i < got_.size(); ++i) EXPECT_EQ(as<rt::Error>(got_[i]), nullptr);
}

// LOCAL-AGENT-CONFORMANCE 3: the caller's audio item is announced once
// committed and done with its transcript; the assistant's item is announced
// in_progress before any audio, its content part opened and closed, and it
// names the caller's item as the one before it.
TEST_F(AgentServerTest, ItemLifecycleEventsAreSentInOrder) {
  start_server(20.0);
  connect();
  greet();
  const size_t from = got_.size();
  say("i would like to book an appointment");
  auto committed = wait_for<rt::AudioCommitted>(from);
  ASSERT_TRUE(committed);
  const std::string user = as<rt::AudioCommitted>(got_[*committed])->item_id;
  auto heard = wait_for<rt::InputTranscription>(from);
  ASSERT_TRUE(heard);
  auto done = wait_response_done(*heard);
  ASSERT_TRUE(done);
  std::vector<std::string> seq;  // type[:status][:role] from the commit on
  std::string assistant_previous, user_done_transcript;
  for (size_t i = *committed; i <= *done; ++i) {
    const auto ev = boost::json::parse(got_[i].text).as_object();
    std::string t(ev.at("type").as_string());
    if (t == "response.output_audio.delta" || t == "response.output_audio_transcript.delta") {
      if (seq.empty() || seq.back() != "delta") seq.push_back("delta");
      continue;
    }
    if (const auto* item = ev.if_contains("item"); item && t != "response.output_item.done") {
      const auto& o = item->as_object();
      t += ":" + std::string(o.at("status").as_string()) + ":" +
           std::string(o.at("role").as_string());
      if (t == "conversation.item.added:in_progress:assistant")
        assistant_previous = std::string(ev.at("previous_item_id").as_string());
      if (t == "conversation.item.done:completed:user")
        user_done_transcript = std::string(o.at("content").at(0).at("transcript").as_string());
    }
    seq.push_back(t);
  }
  const std::vector<std::string> want{"input_audio_buffer.committed",
                                      "conversation.item.added:completed:user",
                                      "conversation.item.input_audio_transcription.completed",
                                      "conversation.item.done:completed:user",
                                      "response.created",
                                      "response.output_item.added:in_progress:assistant",
                                      "conversation.item.added:in_progress:assistant",
                                      "response.content_part.added",
                                      "delta",
                                      "response.output_audio.done",
                                      "response.output_audio_transcript.done",
                                      "response.content_part.done",
                                      "response.output_item.done",
                                      "conversation.item.done:completed:assistant",
                                      "response.done"};
  EXPECT_EQ(seq, want);
  EXPECT_EQ(assistant_previous, user);
  EXPECT_EQ(user_done_transcript, "i would like to book an appointment");
}

// LOCAL-AGENT-CONFORMANCE 8: a user's text item is echoed with its content
// and the next response.create answers it (not the greeting).
TEST_F(AgentServerTest, UserTextItemIsEchoedAndAnswered) {
  start_server(20.0);
  connect();
  size_t from = got_.size();
  send(rt::encode(
      rt::ClientEvent{rt::ItemCreateMessage{"user", "i would like to book an appointment"}},
      rt::Dialect::kGA));
  auto added = wait_for<rt::ItemAdded>(from);
  ASSERT_TRUE(added);
  const auto item = boost::json::parse(got_[*added].text).at("item").as_object();
  EXPECT_EQ(item.at("role").as_string(), "user");
  EXPECT_EQ(item.at("content").at(0).at("type").as_string(), "input_text");
  EXPECT_EQ(item.at("content").at(0).at("text").as_string(), "i would like to book an appointment");
  const auto [created, done] = greet();
  auto tdone = wait_for<rt::TranscriptDone>(created);
  ASSERT_TRUE(tdone);
  EXPECT_EQ(as<rt::TranscriptDone>(got_[*tdone])->transcript,
            "Of course. Which day would you like to come in? Monday to Friday.");
}

// "Speak to a person" says the handoff line, then calls transfer_call.
TEST_F(AgentServerTest, PersonIntentCallsTransferAfterTheHandoffLine) {
  start_server(20.0);
  connect();
  greet();
  const size_t from = got_.size();
  say("can i speak to a person");
  auto heard = wait_for<rt::InputTranscription>(from);
  ASSERT_TRUE(heard);
  auto done = wait_response_done(*heard);
  auto call = wait_for<rt::FunctionCallArgumentsDone>(*heard);
  auto audio_done = wait_for<rt::AudioDone>(*heard);
  ASSERT_TRUE(done && call && audio_done);
  EXPECT_LT(*audio_done, *call);
  EXPECT_LT(*call, *done);
  const auto* fc = as<rt::FunctionCallArgumentsDone>(got_[*call]);
  EXPECT_EQ(fc->name, "transfer_call");
  EXPECT_EQ(fc->arguments, R"({"to":"+15550100"})");
}

TEST_F(AgentServerTest, GoodbyeEndsTheCallWithAnEndCallToolCall) {
  start_server(20.0);
  connect();
  greet();
  const size_t from = got_.size();
  say("no thank you goodbye");
  auto heard = wait_for<rt::InputTranscription>(from);
  ASSERT_TRUE(heard);
  EXPECT_EQ(as<rt::InputTranscription>(got_[*heard])->transcript, "no thank you goodbye");
  auto done = wait_response_done(*heard);
  auto call = wait_for<rt::FunctionCallArgumentsDone>(*heard);
  auto audio_done = wait_for<rt::AudioDone>(*heard);
  ASSERT_TRUE(done && call && audio_done);
  // Inside the same response, after its audio, before response.done.
  EXPECT_LT(*audio_done, *call);
  EXPECT_LT(*call, *done);
  const auto* fc = as<rt::FunctionCallArgumentsDone>(got_[*call]);
  EXPECT_EQ(fc->name, "end_call");
  EXPECT_EQ(fc->arguments, "{}");
  EXPECT_EQ(fc->response_id, as<rt::ResponseDone>(got_[*done])->response_id);
  auto item_done = wait_for<rt::OutputItemDone>(*call);
  ASSERT_TRUE(item_done);
  EXPECT_EQ(as<rt::OutputItemDone>(got_[*item_done])->call_id, fc->call_id);

  // voxgate answers the tool call; a later response.create says nothing.
  send(rt::encode(rt::ClientEvent{rt::ItemCreateFunctionOutput{fc->call_id, "{}"}},
                  rt::Dialect::kGA));
  const auto [created2, done2] = greet();
  for (size_t i = created2; i <= done2; ++i) EXPECT_EQ(as<rt::AudioDelta>(got_[i]), nullptr);
  EXPECT_EQ(as<rt::ResponseDone>(got_[done2])->status, rt::ResponseStatus::kCompleted);
}

TEST_F(AgentServerTest, TruncateIsCappedAtTheAudioSent) {
  start_server(20.0);
  connect();
  const auto [created, done] = greet();
  auto added = wait_for<rt::ItemAdded>(created);
  ASSERT_TRUE(added);
  const std::string item = as<rt::ItemAdded>(got_[*added])->item_id;
  size_t from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::ItemTruncate{item, 0, 1200}}, rt::Dialect::kGA));
  auto truncated = wait_for<rt::ItemTruncated>(from);
  ASSERT_TRUE(truncated);
  EXPECT_EQ(as<rt::ItemTruncated>(got_[*truncated])->audio_end_ms, 1200);
  from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::ItemTruncate{item, 0, 60000}}, rt::Dialect::kGA));
  auto err = wait_for<rt::Error>(from);
  ASSERT_TRUE(err);
  EXPECT_EQ(as<rt::Error>(got_[*err])->code, "invalid_value");
}

TEST_F(AgentServerTest, InterruptResponseCancelsOnSpeechStarted) {
  start_server(1.0);
  connect();
  rt::SessionConfig cfg;
  cfg.turn_detection->interrupt_response = true;
  send(rt::encode(rt::ClientEvent{rt::SessionUpdate{cfg}}, rt::Dialect::kGA));
  const size_t from = got_.size();
  send(rt::encode(rt::ClientEvent{rt::ResponseCreate{}}, rt::Dialect::kGA));
  ASSERT_TRUE(wait_for<rt::AudioDelta>(from));
  // A second response.create while one is active is refused, as OpenAI does.
  send(rt::encode(rt::ClientEvent{rt::ResponseCreate{}}, rt::Dialect::kGA));
  auto err = wait_for<rt::Error>(from);
  ASSERT_TRUE(err);
  EXPECT_EQ(as<rt::Error>(got_[*err])->code, "conversation_already_has_active_response");
  say("can i speak to a person");
  auto started = wait_for<rt::SpeechStarted>(from);
  auto done = wait_response_done(from);
  ASSERT_TRUE(started && done);
  EXPECT_LT(*started, *done);
  EXPECT_EQ(as<rt::ResponseDone>(got_[*done])->status, rt::ResponseStatus::kCancelled);
  EXPECT_EQ(as<rt::ResponseDone>(got_[*done])->reason, "turn_detected");
}

TEST_F(AgentServerTest, FullBookingCallPerTurnLatency) {
  start_server(20.0);
  connect();
  greet();
  const std::vector<std::pair<std::string, std::string>> turns = {
      {"i would like to book an appointment", "Which day"},
      {"on wednesday", "wednesday, great"},
      {"in the afternoon", "So that is wednesday in the afternoon"},
      {"yes please", "You are booked for wednesday in the afternoon"},
  };
  for (const auto& [said, reply] : turns) {
    const size_t from = got_.size();
    const double latency_before = server_->stats().reply_latency_seconds;
    say(said);
    auto heard = wait_for<rt::InputTranscription>(from);
    ASSERT_TRUE(heard) << said;
    EXPECT_EQ(as<rt::InputTranscription>(got_[*heard])->transcript, said);
    auto done = wait_response_done(*heard);
    auto text = wait_for<rt::TranscriptDone>(*heard);
    ASSERT_TRUE(done && text) << said;
    EXPECT_NE(as<rt::TranscriptDone>(got_[*text])->transcript.find(reply), std::string::npos)
        << as<rt::TranscriptDone>(got_[*text])->transcript;
    // Measured by the server: the client reads in bursts while it streams,
    // so its own arrival times are late by up to a batch.
    std::printf("[agent_server] \"%s\": speech_stopped -> first reply delta %.0f ms (server)\n",
                said.c_str(), 1000.0 * (server_->stats().reply_latency_seconds - latency_before));
  }
  EXPECT_TRUE(wait_for<rt::FunctionCallArgumentsDone>());
  const auto s = server_->stats();
  EXPECT_EQ(s.turns_recognised, 4u);
  std::printf(
      "[agent_server] stats: %llu turns, ASR %.3f s, TTS %.3f s, mean reply latency %.0f ms\n",
      static_cast<unsigned long long>(s.turns_recognised), s.asr_seconds, s.tts_seconds,
      1000.0 * s.reply_latency_seconds / static_cast<double>(s.reply_latency_count));
}

TEST_F(AgentServerTest, StopClosesConnections) {
  start_server(20.0);
  connect();
  server_->stop();
  EXPECT_TRUE(run_until([&] { return !conn_->is_open(); }));
  EXPECT_TRUE(run_until([&] { return server_->stats().active_connections == 0; }));
}

}  // namespace
}  // namespace voxgate::agent
