#include "callsim/report.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace voxgate::callsim {
namespace {

CallReport ok_call(int index, double first_audio_ms) {
  CallReport c;
  c.index = index;
  c.call_sid = "CA" + std::to_string(index);
  c.carrier = "twilio";
  c.connected = true;
  c.ok = true;
  c.ended_by = "caller";
  c.first_audio_ms = first_audio_ms;
  c.media_sent = 50;
  c.messages_sent = 52;
  c.bytes_played = 8000;
  c.marks_received = 2;
  c.marks_echoed = 2;
  return c;
}

TEST(ReportTest, PercentilesUseNearestRank) {
  std::vector<double> v;
  for (int i = 100; i >= 1; --i) v.push_back(i);
  const Percentiles p = percentiles(v);
  EXPECT_EQ(p.count, 100u);
  EXPECT_EQ(p.p50, 50);
  EXPECT_EQ(p.p99, 99);
  EXPECT_EQ(p.max, 100);
  EXPECT_EQ(percentiles({}).count, 0u);
  EXPECT_EQ(percentiles({7}).p99, 7);
}

TEST(ReportTest, TotalsSumCallsAndCountFailures) {
  CallReport failed;
  failed.index = 2;
  failed.error = "connect: Connection refused";
  failed.ended_by = "error";
  SimReport r;
  r.calls = {ok_call(0, 100), ok_call(1, 300), failed};
  r.totals = compute_totals(r.calls);
  EXPECT_EQ(r.totals.calls, 3);
  EXPECT_EQ(r.totals.calls_ok, 2);
  EXPECT_EQ(r.totals.calls_failed, 1);
  EXPECT_EQ(r.totals.media_sent, 100u);
  EXPECT_DOUBLE_EQ(r.totals.audio_heard_s, 2.0);
  EXPECT_EQ(r.totals.first_audio_ms.count, 2u);
  EXPECT_EQ(r.totals.first_audio_ms.p50, 100);
  EXPECT_FALSE(r.success());
  EXPECT_NE(summary_text(r).find("2 ok, 1 failed"), std::string::npos);
}

TEST(ReportTest, ProtocolErrorsMakeTheRunUnsuccessful) {
  SimReport r;
  r.calls = {ok_call(0, 10)};
  r.totals = compute_totals(r.calls);
  EXPECT_TRUE(r.success());
  r.calls[0].protocol_errors = 1;
  r.totals = compute_totals(r.calls);
  EXPECT_FALSE(r.success());
}

TEST(ReportTest, JsonHasTotalsAndOneObjectPerCall) {
  SimReport r;
  r.url = "ws://127.0.0.1:1/media";
  r.carrier = "plivo";
  r.calls = {ok_call(0, 120.5), ok_call(1, 80)};
  r.calls[1].first_audio_ms.reset();
  r.totals = compute_totals(r.calls);
  const boost::json::value v = to_json(r);
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("url").as_string(), "ws://127.0.0.1:1/media");
  EXPECT_EQ(o.at("carrier").as_string(), "plivo");
  EXPECT_TRUE(o.at("success").as_bool());
  const auto& totals = o.at("totals").as_object();
  for (const char* key :
       {"calls", "calls_ok", "calls_failed", "messages_sent", "messages_received", "media_sent",
        "media_received", "bytes_played", "bytes_discarded", "marks_received", "marks_echoed",
        "clears", "protocol_errors", "audio_heard_s", "first_audio_ms"}) {
    EXPECT_TRUE(totals.contains(key)) << key;
  }
  EXPECT_EQ(totals.at("calls_ok").as_int64(), 2);
  EXPECT_EQ(totals.at("first_audio_ms").at("p50").as_double(), 120.5);
  const auto& calls = o.at("calls").as_array();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].at("call_sid").as_string(), "CA0");
  EXPECT_EQ(calls[0].at("carrier").as_string(), "twilio");
  EXPECT_EQ(calls[0].at("first_audio_ms").as_double(), 120.5);
  EXPECT_TRUE(calls[1].at("first_audio_ms").is_null());
  EXPECT_EQ(calls[0].at("marks_echoed").as_uint64(), 2u);
}

}  // namespace
}  // namespace voxgate::callsim
