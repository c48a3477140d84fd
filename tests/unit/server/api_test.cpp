#include "server/api.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "store/sqlite_call_store.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr char kToken[] = "s3cret";

class FakeControl : public bridge::CallControl {
 public:
  bool hangup(const std::string& id) override {
    if (!live.count(id)) return false;
    hung_up.push_back(id);
    return true;
  }
  bool is_live(const std::string& id) const override { return live.count(id) > 0; }
  std::vector<std::string> live_ids() const override { return {live.begin(), live.end()}; }
  std::optional<store::CallRecord> live_record(const std::string& id) const override {
    const auto it = so_far.find(id);
    if (it == so_far.end()) return std::nullopt;
    return it->second;
  }

  std::set<std::string> live;
  std::map<std::string, store::CallRecord> so_far;  // live_record()
  std::vector<std::string> hung_up;
};

store::CallRecord record(std::string id, int64_t started, std::string end_reason) {
  store::CallRecord r;
  r.id = id;
  r.call_sid = id;
  r.stream_sid = "MZ" + id;
  r.started_at_ms = started;
  r.ended_at_ms = started + 1000;
  r.end_reason = std::move(end_reason);
  return r;
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SqliteCallStore::open(":memory:");
    ASSERT_TRUE(s) << s.error();
    store_ = std::move(*s);
    // CA1 (oldest) .. CA5 (newest); even ones ended by the agent.
    for (int i = 1; i <= 5; ++i) {
      save(record("CA" + std::to_string(i), 1000 * i, i % 2 ? "caller_hangup" : "agent_end"));
    }
    install(kToken);
  }
  void TearDown() override {
    if (!wav_.empty()) std::filesystem::remove(wav_);
  }
  void save(const store::CallRecord& r) {
    std::string err;
    ASSERT_TRUE(store_->save(r, err)) << err;
  }
  void install(std::string token) {
    api_ = std::make_unique<Api>(store_.get(), control_, std::move(token));
    router_ = net::Router();
    api_->install(router_);
  }
  net::HttpResponse call(http::verb method, std::string target,
                         std::string auth = std::string("Bearer ") + kToken) {
    net::HttpRequest req{method, target, 11};
    if (!auth.empty()) req.set(http::field::authorization, auth);
    return router_.route(req);
  }
  json::object get_json(std::string target) {
    auto res = call(http::verb::get, target);
    EXPECT_EQ(res.result(), http::status::ok) << target << " " << res.body();
    EXPECT_EQ(res[http::field::content_type], "application/json");
    return json::parse(res.body()).as_object();
  }
  static std::vector<std::string> ids(const json::object& page) {
    std::vector<std::string> out;
    for (const auto& c : page.at("calls").as_array()) {
      out.emplace_back(c.at("id").as_string());
    }
    return out;
  }

  std::unique_ptr<store::SqliteCallStore> store_;
  FakeControl control_;
  std::unique_ptr<Api> api_;
  net::Router router_;
  std::string wav_;
};

TEST_F(ApiTest, EmptyTokenDisablesTheApi) {
  install("");
  for (auto auth : {std::string(), std::string("Bearer "), std::string("Bearer x")}) {
    auto res = call(http::verb::get, "/api/calls", auth);
    EXPECT_EQ(res.result(), http::status::not_found);
    EXPECT_NE(res.body().find("API disabled"), std::string::npos) << res.body();
  }
  EXPECT_EQ(call(http::verb::post, "/api/calls/CA1/hangup", "").result(), http::status::not_found);
}

TEST_F(ApiTest, MissingOrWrongBearerIs401) {
  for (auto auth : {std::string(), std::string("Bearer wrong!"), std::string("Bearer s3cre"),
                    std::string("Basic s3cret"), std::string("s3cret")}) {
    auto res = call(http::verb::get, "/api/calls/CA1", auth);
    EXPECT_EQ(res.result(), http::status::unauthorized) << auth;
    EXPECT_EQ(res[http::field::www_authenticate], "Bearer");
    EXPECT_EQ(res.body().find(kToken), std::string::npos);
  }
  EXPECT_EQ(call(http::verb::post, "/api/calls/CA1/hangup", "Bearer no").result(),
            http::status::unauthorized);
  EXPECT_TRUE(control_.hung_up.empty());
}

TEST_F(ApiTest, ListIsNewestFirstAndPaged) {
  auto page = get_json("/api/calls");
  EXPECT_EQ(ids(page), (std::vector<std::string>{"CA5", "CA4", "CA3", "CA2", "CA1"}));
  EXPECT_TRUE(page.at("next_offset").is_null());
  EXPECT_EQ(page.at("limit"), 50);
  EXPECT_FALSE(page.at("calls").as_array()[0].as_object().contains("turns"));
  // A record without them (written before they were kept) lists them empty.
  EXPECT_EQ(page.at("calls").as_array()[0].at("carrier"), "");
  EXPECT_EQ(page.at("calls").as_array()[0].at("caller"), "");

  page = get_json("/api/calls?limit=2");
  EXPECT_EQ(ids(page), (std::vector<std::string>{"CA5", "CA4"}));
  EXPECT_EQ(page.at("next_offset"), 2);
  page = get_json("/api/calls?limit=2&offset=2");
  EXPECT_EQ(ids(page), (std::vector<std::string>{"CA3", "CA2"}));
  EXPECT_EQ(page.at("next_offset"), 4);
  page = get_json("/api/calls/?limit=2&offset=4");
  EXPECT_EQ(ids(page), (std::vector<std::string>{"CA1"}));
  EXPECT_TRUE(page.at("next_offset").is_null());
  // An exactly full last page has no next page either.
  EXPECT_TRUE(get_json("/api/calls?limit=5").at("next_offset").is_null());
}

TEST_F(ApiTest, ListFilters) {
  EXPECT_EQ(ids(get_json("/api/calls?since=2000&until=4000")),
            (std::vector<std::string>{"CA3", "CA2"}));
  EXPECT_EQ(ids(get_json("/api/calls?end_reason=agent_end")),
            (std::vector<std::string>{"CA4", "CA2"}));
  EXPECT_EQ(ids(get_json("/api/calls?end_reason=agent%5Fend&since=3000")),
            (std::vector<std::string>{"CA4"}));
  EXPECT_TRUE(ids(get_json("/api/calls?end_reason=nope")).empty());
}

TEST_F(ApiTest, ListFiltersByCarrierAndTranscriptText) {
  auto a = record("CA7", 7000, "agent_end");
  a.carrier = "telnyx";
  a.turns = {{"caller", "I want 50% OFF", false, 100}};
  save(a);
  auto b = record("CA8", 8000, "agent_end");
  b.carrier = "twilio";
  b.turns = {{"caller", "book a table", false, 100}};
  save(b);
  EXPECT_EQ(ids(get_json("/api/calls?carrier=telnyx")), std::vector<std::string>{"CA7"});
  EXPECT_EQ(ids(get_json("/api/calls?q=off")), std::vector<std::string>{"CA7"});
  EXPECT_EQ(ids(get_json("/api/calls?q=50%25")), std::vector<std::string>{"CA7"});
  EXPECT_EQ(ids(get_json("/api/calls?q=book+a&carrier=twilio")), std::vector<std::string>{"CA8"});
  EXPECT_TRUE(ids(get_json("/api/calls?q=book&carrier=telnyx")).empty());
  // Empty values are no filter.
  EXPECT_EQ(ids(get_json("/api/calls?carrier=&q=")).size(), 7u);
}

TEST_F(ApiTest, BadCarrierOrOverlongSearchIs400WithAClearMessage) {
  auto res = call(http::verb::get, "/api/calls?carrier=twillio");
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(json::parse(res.body()).at("error"),
            "carrier must be one of twilio, signalwire, telnyx, plivo, exotel, vonage");
  res = call(http::verb::get, "/api/calls?q=" + std::string(201, 'x'));
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(json::parse(res.body()).at("error"),
            "q (text to search in transcripts) is longer than 200 bytes");
  EXPECT_EQ(call(http::verb::get, "/api/calls?q=" + std::string(200, 'x')).result(),
            http::status::ok);
}

TEST_F(ApiTest, FiguresAreServedBehindTheTokenAnd404WhenNotKept) {
  EXPECT_EQ(call(http::verb::get, "/api/figures").result(), http::status::not_found);
  obs::MetricsRegistry registry;
  obs::CallMetrics metrics(registry);
  common::ManualClock clock(common::TimePoint{} + std::chrono::seconds(1767225600));
  obs::MinuteFigures figures(metrics, clock);
  metrics.turn_latency.observe(0.2);
  clock.advance(std::chrono::minutes(1));
  figures.sample();
  api_->set_figures(&figures);
  const auto o = get_json("/api/figures");
  ASSERT_EQ(o.at("minutes").as_array().size(), 1u);
  EXPECT_EQ(o.at("minutes").as_array()[0].at("turn_latency_ms").at("count"), 1);
  EXPECT_EQ(call(http::verb::get, "/api/figures", "").result(), http::status::unauthorized);
  EXPECT_EQ(call(http::verb::post, "/api/figures").result(), http::status::method_not_allowed);
  api_->set_figures(nullptr);
}

TEST_F(ApiTest, ListMarksLiveCalls) {
  control_.live.insert("CA5");
  const auto calls = get_json("/api/calls?limit=2").at("calls").as_array();
  EXPECT_EQ(calls[0].at("live"), true);
  EXPECT_EQ(calls[1].at("live"), false);
}

TEST_F(ApiTest, MalformedQueryValuesAre400) {
  for (auto q : {"limit=abc", "limit=", "limit=5x", "offset=-1", "since=1e3",
                 "until=99999999999999999999", "offset=99999999999", "limit=%zz"}) {
    auto res = call(http::verb::get, std::string("/api/calls?") + q);
    EXPECT_EQ(res.result(), http::status::bad_request) << q;
    EXPECT_TRUE(json::parse(res.body()).as_object().contains("error")) << q;
  }
  // Out-of-range limits are clamped, not refused.
  EXPECT_EQ(get_json("/api/calls?limit=0").at("limit"), 1);
  EXPECT_EQ(get_json("/api/calls?limit=100000").at("limit"), 500);
}

TEST_F(ApiTest, GetByIdHasTurnsAndEvents) {
  auto r = record("CA9", 9000, "agent_end");
  r.first_audio_ms = 420.5;
  r.carrier = "signalwire";
  r.caller = "+15550100";
  r.turns = {{"caller", "hello", false, 100}, {"agent", "hi th", true, 900}};
  r.events = {{950, "barge_in", "caller spoke", 180.0}, {990, "truncate", "", std::nullopt}};
  save(r);
  const auto o = get_json("/api/calls/CA9");
  EXPECT_EQ(o.at("id"), "CA9");
  EXPECT_EQ(o.at("end_reason"), "agent_end");
  EXPECT_EQ(o.at("carrier"), "signalwire");
  EXPECT_EQ(o.at("caller"), "+15550100");
  EXPECT_EQ(o.at("first_audio_ms"), 420.5);
  EXPECT_TRUE(o.at("turn_latency_ms").is_null());
  EXPECT_EQ(o.at("has_recording"), false);
  const auto& turns = o.at("turns").as_array();
  ASSERT_EQ(turns.size(), 2u);
  EXPECT_EQ(turns[1].at("text"), "hi th");
  EXPECT_EQ(turns[1].at("interrupted"), true);
  const auto& events = o.at("events").as_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].at("kind"), "barge_in");
  EXPECT_EQ(events[0].at("latency_ms"), 180.0);
  EXPECT_TRUE(events[1].at("latency_ms").is_null());
}

TEST_F(ApiTest, UnknownIdIs404AndLiveUnsavedCallIsAStub) {
  auto res = call(http::verb::get, "/api/calls/CA404");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  control_.live.insert("CA404");
  const auto o = get_json("/api/calls/CA404");
  EXPECT_EQ(o.at("live"), true);
  EXPECT_EQ(o.at("end_reason"), "");
}

TEST_F(ApiTest, ALiveCallAnswersItsRecordSoFar) {
  store::CallRecord r;
  r.id = "CA77";
  r.started_at_ms = 1234;
  r.turns.push_back({"caller", "hello", false, 900});
  control_.live.insert("CA77");
  control_.so_far["CA77"] = r;
  const auto o = get_json("/api/calls/CA77");
  EXPECT_EQ(o.at("live"), true);
  EXPECT_EQ(o.at("started_at_ms"), 1234);
  ASSERT_EQ(o.at("turns").as_array().size(), 1u);
  EXPECT_EQ(o.at("turns").as_array()[0].at("text"), "hello");
}

TEST_F(ApiTest, RecordingIsServedAsWav) {
  wav_ = (std::filesystem::temp_directory_path() /
          ("voxgate_api_test_" + std::to_string(::getpid()) + ".wav"))
             .string();
  const std::string bytes = std::string("RIFF\x24\0\0\0WAVE", 12) + std::string(32, '\x7f');
  std::ofstream(wav_, std::ios::binary) << bytes;
  auto r = record("CA7", 7000, "caller_hangup");
  r.recording_path = wav_;
  save(r);
  auto res = call(http::verb::get, "/api/calls/CA7/recording.wav");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res[http::field::content_type], "audio/wav");
  EXPECT_EQ(res.body(), bytes);
  EXPECT_EQ(get_json("/api/calls/CA7").at("has_recording"), true);

  EXPECT_EQ(res[http::field::accept_ranges], "bytes");

  // Ranges, so the page's audio element can seek (RFC 9110 14.2, 15.3.7).
  auto ranged = [&](const std::string& range) {
    net::HttpRequest req{http::verb::get, "/api/calls/CA7/recording.wav", 11};
    req.set(http::field::authorization, std::string("Bearer ") + kToken);
    req.set(http::field::range, range);
    return router_.route(req);
  };
  res = ranged("bytes=4-11");
  ASSERT_EQ(res.result(), http::status::partial_content);
  EXPECT_EQ(res.body(), bytes.substr(4, 8));
  EXPECT_EQ(res[http::field::content_range], "bytes 4-11/44");
  EXPECT_EQ(res[http::field::content_length], "8");
  EXPECT_EQ(res[http::field::accept_ranges], "bytes");
  res = ranged("bytes=40-");
  EXPECT_EQ(res.result(), http::status::partial_content);
  EXPECT_EQ(res.body(), bytes.substr(40));
  EXPECT_EQ(res[http::field::content_range], "bytes 40-43/44");
  res = ranged("bytes=-4");
  EXPECT_EQ(res.body(), bytes.substr(40));
  EXPECT_EQ(res[http::field::content_range], "bytes 40-43/44");
  res = ranged("bytes=44-");
  EXPECT_EQ(res.result(), http::status::range_not_satisfiable);
  EXPECT_EQ(res[http::field::content_range], "bytes */44");
  EXPECT_TRUE(res.body().empty());
  res = ranged("bytes=0-1,4-5");  // several ranges: the whole file
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), bytes);

  std::filesystem::remove(wav_);  // recorded, then deleted from disk
  EXPECT_EQ(call(http::verb::get, "/api/calls/CA7/recording.wav").result(),
            http::status::not_found);
}

TEST_F(ApiTest, NoRecordingIs404) {
  EXPECT_EQ(call(http::verb::get, "/api/calls/CA1/recording.wav").result(),
            http::status::not_found);
  EXPECT_EQ(call(http::verb::get, "/api/calls/CA404/recording.wav").result(),
            http::status::not_found);
}

TEST_F(ApiTest, HangupLiveCallIs202ElseNotFound) {
  control_.live.insert("CA3");
  auto res = call(http::verb::post, "/api/calls/CA3/hangup");
  EXPECT_EQ(res.result(), http::status::accepted);
  EXPECT_EQ(json::parse(res.body()).at("status"), "hanging_up");
  EXPECT_EQ(control_.hung_up, std::vector<std::string>{"CA3"});
  // CA1 has a record but is not live.
  EXPECT_EQ(call(http::verb::post, "/api/calls/CA1/hangup").result(), http::status::not_found);
  EXPECT_EQ(control_.hung_up.size(), 1u);
}

TEST_F(ApiTest, WrongMethodsAre405WithAllow) {
  struct Case {
    http::verb method;
    const char* target;
    const char* allow;
  };
  for (const auto& c :
       {Case{http::verb::post, "/api/calls", "GET"}, Case{http::verb::delete_, "/api/calls", "GET"},
        Case{http::verb::post, "/api/calls/CA1", "GET"},
        Case{http::verb::post, "/api/calls/CA1/recording.wav", "GET"},
        Case{http::verb::get, "/api/calls/CA1/hangup", "POST"},
        Case{http::verb::put, "/api/calls/CA1/hangup", "GET, POST"}}) {
    auto res = call(c.method, c.target);
    EXPECT_EQ(res.result(), http::status::method_not_allowed) << c.target;
    EXPECT_EQ(res[http::field::allow], c.allow) << c.target;
  }
}

TEST_F(ApiTest, UnknownSubPathsAre404) {
  for (auto t :
       {"/api/callsX", "/api/calls//hangup", "/api/calls/CA1/other", "/api/calls/CA1/hangup/x"}) {
    auto res = call(http::verb::get, t);
    EXPECT_EQ(res.result(), http::status::not_found) << t;
  }
  EXPECT_EQ(call(http::verb::get, "/api").result(), http::status::not_found);
}

}  // namespace
}  // namespace voxgate::server
