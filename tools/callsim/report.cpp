#include "callsim/report.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

namespace voxgate::callsim {
namespace json = boost::json;

Percentiles percentiles(std::vector<double> samples) {
  Percentiles p;
  p.count = samples.size();
  if (samples.empty()) return p;
  std::sort(samples.begin(), samples.end());
  auto rank = [&](double q) {
    const auto r = size_t(std::ceil(q * double(samples.size())));
    return samples[std::clamp<size_t>(r, 1, samples.size()) - 1];
  };
  p.p50 = rank(0.50);
  p.p99 = rank(0.99);
  p.max = samples.back();
  return p;
}

namespace {
// Every counter with its JSON key: one table drives summing and the report.
constexpr std::pair<const char*, uint64_t CallCounters::*> kCounterFields[] = {
    {"messages_sent", &CallCounters::messages_sent},
    {"messages_received", &CallCounters::messages_received},
    {"media_sent", &CallCounters::media_sent},
    {"media_received", &CallCounters::media_received},
    {"dtmf_sent", &CallCounters::dtmf_sent},
    {"bytes_received", &CallCounters::bytes_received},
    {"bytes_played", &CallCounters::bytes_played},
    {"bytes_discarded", &CallCounters::bytes_discarded},
    {"bytes_unplayed", &CallCounters::bytes_unplayed},
    {"marks_received", &CallCounters::marks_received},
    {"marks_echoed", &CallCounters::marks_echoed},
    {"clears", &CallCounters::clears},
    {"protocol_errors", &CallCounters::protocol_errors},
    {"heard_cancelled", &CallCounters::heard_cancelled},
};

json::object with_counters(json::object o, const CallCounters& c) {
  for (const auto& [key, field] : kCounterFields) o[key] = c.*field;
  return o;
}
}  // namespace

CallCounters& CallCounters::operator+=(const CallCounters& o) {
  for (const auto& [key, field] : kCounterFields) this->*field += o.*field;
  return *this;
}

SimTotals compute_totals(const std::vector<CallReport>& calls) {
  SimTotals t;
  std::vector<double> first_audio, latency, barge_in;
  for (const CallReport& c : calls) {
    ++t.calls;
    c.ok ? ++t.calls_ok : ++t.calls_failed;
    t.calls_connected += c.connected ? 1 : 0;
    t += c;
    t.max_send_lag_ms = std::max(t.max_send_lag_ms, c.max_send_lag_ms);
    t.longest_silence_ms = std::max(t.longest_silence_ms, c.longest_silence_ms);
    if (c.first_audio_ms) first_audio.push_back(*c.first_audio_ms);
    latency.insert(latency.end(), c.latency_ms.begin(), c.latency_ms.end());
    barge_in.insert(barge_in.end(), c.barge_in_ms.begin(), c.barge_in_ms.end());
  }
  t.audio_heard_s = double(t.bytes_played) / 8000.0;
  t.first_audio_ms = percentiles(std::move(first_audio));
  t.latency_ms = percentiles(std::move(latency));
  t.barge_in_ms = percentiles(std::move(barge_in));
  return t;
}

namespace {
json::value opt(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value();
}

json::object to_json(const Percentiles& p) {
  return {{"count", p.count}, {"p50", p.p50}, {"p99", p.p99}, {"max", p.max}};
}

json::object to_json(const SimTotals& t) {
  return with_counters({{"calls", t.calls},
                        {"calls_ok", t.calls_ok},
                        {"calls_failed", t.calls_failed},
                        {"calls_connected", t.calls_connected},
                        {"audio_heard_s", t.audio_heard_s},
                        {"max_send_lag_ms", t.max_send_lag_ms},
                        {"longest_silence_ms", t.longest_silence_ms},
                        {"first_audio_ms", to_json(t.first_audio_ms)},
                        {"latency_ms", to_json(t.latency_ms)},
                        {"barge_in_ms", to_json(t.barge_in_ms)}},
                       t);
}
}  // namespace

json::value to_json(const CallReport& c) {
  json::array errors(c.protocol_error_samples.begin(), c.protocol_error_samples.end());
  json::array latency(c.latency_ms.begin(), c.latency_ms.end());
  return with_counters({{"index", c.index},
                        {"carrier", c.carrier},
                        {"call_sid", c.call_sid},
                        {"stream_sid", c.stream_sid},
                        {"connected", c.connected},
                        {"ok", c.ok},
                        {"error", c.error},
                        {"ended_by", c.ended_by},
                        {"connect_ms", opt(c.connect_ms)},
                        {"first_audio_ms", opt(c.first_audio_ms)},
                        {"protocol_error_samples", std::move(errors)},
                        {"max_send_lag_ms", c.max_send_lag_ms},
                        {"longest_silence_ms", c.longest_silence_ms},
                        {"latency_ms", std::move(latency)},
                        {"record_path", c.record_path}},
                       c);
}

json::value to_json(const SimReport& r) {
  json::array calls;
  for (const CallReport& c : r.calls) calls.push_back(to_json(c));
  return json::object{{"url", r.url},
                      {"carrier", r.carrier},
                      {"wall_s", r.wall_s},
                      {"success", r.success()},
                      {"setup_error", r.setup_error},
                      {"totals", to_json(r.totals)},
                      {"calls", std::move(calls)}};
}

std::string summary_text(const SimReport& r) {
  const SimTotals& t = r.totals;
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "callsim %s %s: %.1f s\n"
                "  calls      %d ok, %d failed (%d connected)\n"
                "  messages   %llu sent (%llu media, %llu dtmf), %llu received (%llu media)\n"
                "  protocol   %llu errors\n"
                "  marks      %llu received, %llu echoed; %llu clears\n"
                "  audio      %.1f s heard, %.1f s discarded by clear\n"
                "  1st audio  p50 %.1f ms, p99 %.1f ms (%zu calls)\n"
                "  send lag   max %.1f ms\n"
                "  silence    longest %.0f ms between pieces of audio\n",
                r.carrier.c_str(), r.url.c_str(), r.wall_s, t.calls_ok, t.calls_failed,
                t.calls_connected, (unsigned long long)t.messages_sent,
                (unsigned long long)t.media_sent, (unsigned long long)t.dtmf_sent,
                (unsigned long long)t.messages_received, (unsigned long long)t.media_received,
                (unsigned long long)t.protocol_errors, (unsigned long long)t.marks_received,
                (unsigned long long)t.marks_echoed, (unsigned long long)t.clears, t.audio_heard_s,
                double(t.bytes_discarded) / 8000.0, t.first_audio_ms.p50, t.first_audio_ms.p99,
                t.first_audio_ms.count, t.max_send_lag_ms, t.longest_silence_ms);
  std::string out = buf;
  if (!r.setup_error.empty()) out += "  setup error: " + r.setup_error + "\n";
  if (t.latency_ms.count > 0) {
    std::snprintf(buf, sizeof buf, "  latency    p50 %.1f ms, p99 %.1f ms (%zu samples)\n",
                  t.latency_ms.p50, t.latency_ms.p99, t.latency_ms.count);
    out += buf;
  }
  if (t.barge_in_ms.count > 0 || t.heard_cancelled > 0) {
    std::snprintf(buf, sizeof buf,
                  "  barge-in   p50 %.2f ms, p99 %.2f ms (%zu samples); heard from cancelled "
                  "responses %llu\n",
                  t.barge_in_ms.p50, t.barge_in_ms.p99, t.barge_in_ms.count,
                  (unsigned long long)t.heard_cancelled);
    out += buf;
  }
  int shown = 0;
  for (const CallReport& c : r.calls) {
    if (c.ok || shown++ >= 5) continue;
    out += "  call " + std::to_string(c.index) + " " + c.call_sid + ": " + c.error + "\n";
  }
  return out;
}

}  // namespace voxgate::callsim
