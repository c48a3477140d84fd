#include "server/api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <fstream>
#include <iterator>
#include <optional>

#include "common/digest.hpp"
#include "common/result.hpp"
#include "server/byte_range.hpp"
#include "server/media_routes.hpp"

namespace voxgate::server {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;
using net::Router;
using Params = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kCalls = "/api/calls";
constexpr std::string_view kFigures = "/api/figures";
constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;
constexpr int64_t kMaxOffset = 1'000'000'000;  // keeps offset + limit + 1 inside int
constexpr std::size_t kMaxSearch = 200;        // a search text, in bytes

HttpResponse not_allowed(const HttpRequest& req, std::string_view allow) {
  auto res = api_error(req, http::status::method_not_allowed, "method not allowed");
  res.set(http::field::allow, allow);
  return res;
}

const std::string* find_param(const Params& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (k == key) return &v;
  }
  return nullptr;
}

// The whole value must be a decimal integer: "12x", "" and overflow are errors.
std::optional<int64_t> parse_int(const std::string& s) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return n;
}

// The query's ListQuery, or the name of the parameter that is malformed.
common::Result<store::ListQuery, std::string> list_query(const Params& params) {
  store::ListQuery q;
  int64_t values[4] = {0, 0, kDefaultLimit, 0};
  constexpr const char* kNames[4] = {"since", "until", "limit", "offset"};
  for (int i = 0; i < 4; ++i) {
    const std::string* v = find_param(params, kNames[i]);
    if (!v) continue;
    auto n = parse_int(*v);
    if (!n) return common::unexpected(std::string(kNames[i]));
    values[i] = *n;
  }
  if (values[3] < 0 || values[3] > kMaxOffset) return common::unexpected(std::string("offset"));
  q.since_ms = values[0];
  q.until_ms = values[1];
  q.limit = static_cast<int>(std::clamp<int64_t>(values[2], 1, kMaxLimit));
  q.offset = static_cast<int>(values[3]);
  if (const std::string* r = find_param(params, "end_reason")) q.end_reason = *r;
  return q;
}

// The carrier filter names a carrier of the media routes: a typo is a 400
// naming them rather than an empty page that looks like no calls.
std::optional<std::string> unknown_carrier(std::string_view carrier) {
  std::string known;
  for (const auto& route : media_routes()) {
    if (route.carrier == carrier) return std::nullopt;
    if (known.find(route.carrier) == std::string::npos) {
      known += (known.empty() ? "" : ", ") + std::string(route.carrier);
    }
  }
  return "carrier must be one of " + known;
}

// The carrier and transcript-text filters; the message of a 400 when bad.
std::optional<std::string> add_text_filters(const Params& params, store::ListQuery& q) {
  if (const std::string* c = find_param(params, "carrier"); c && !c->empty()) {
    if (auto bad = unknown_carrier(*c)) return bad;
    q.carrier = *c;
  }
  if (const std::string* t = find_param(params, "q")) {
    if (t->size() > kMaxSearch) {
      return "q (text to search in transcripts) is longer than " + std::to_string(kMaxSearch) +
             " bytes";
    }
    q.text = *t;
  }
  return std::nullopt;
}

json::value optional_number(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object record_value(const store::CallRecord& r, bool live, bool detail) {
  // `key` names this stream's record: a call id may have two (BEHAVIOUR 6).
  json::object o{{"id", r.id},
                 {"key", r.key},
                 {"call_sid", r.call_sid},
                 {"stream_sid", r.stream_sid},
                 {"carrier", r.carrier},
                 {"caller", r.caller},
                 {"started_at_ms", r.started_at_ms},
                 {"ended_at_ms", r.ended_at_ms},
                 {"end_reason", r.end_reason},
                 {"live", live},
                 {"first_audio_ms", optional_number(r.first_audio_ms)},
                 {"turn_latency_ms", optional_number(r.turn_latency_ms)},
                 {"barge_in_latency_ms", optional_number(r.barge_in_latency_ms)},
                 {"has_recording", !r.recording_path.empty()}};
  if (live && !r.live_state.empty()) o["state"] = r.live_state;  // what a live call does now
  if (!detail) return o;
  json::array turns;
  for (const auto& t : r.turns) {
    turns.push_back(json::object{
        {"role", t.role}, {"text", t.text}, {"interrupted", t.interrupted}, {"at_ms", t.at_ms}});
  }
  json::array events;
  for (const auto& e : r.events) {
    events.push_back(json::object{{"at_ms", e.at_ms},
                                  {"kind", e.kind},
                                  {"detail", e.detail},
                                  {"latency_ms", optional_number(e.latency_ms)}});
  }
  o["turns"] = std::move(turns);
  o["events"] = std::move(events);
  return o;
}

}  // namespace

std::string record_json(const store::CallRecord& r, bool live, bool detail) {
  return json::serialize(record_value(r, live, detail));
}

HttpResponse api_error(const HttpRequest& req, http::status status, std::string_view message) {
  return Router::json(req, status, json::serialize(json::object{{"error", message}}));
}

Api::Api(store::CallStore* store, bridge::CallControl& control, std::string token)
    : store_(store), control_(control), token_(std::move(token)) {}

void Api::install(net::Router& router) const {
  // Two prefixes so the router answers 405 (Allow: GET) for POST /api/calls;
  // handle() sorts out the methods of the sub-resources. Control may wait
  // for another instance: asynchronous.
  router.add_async_prefix(http::verb::get, std::string(kCalls),
                          [this](const HttpRequest& req, net::HttpAnswer reply) {
                            handle_async(req, std::move(reply));
                          });
  router.add_async_prefix(http::verb::post, std::string(kCalls) + "/",
                          [this](const HttpRequest& req, net::HttpAnswer reply) {
                            handle_async(req, std::move(reply));
                          });
  router.add(http::verb::get, std::string(kFigures),
             [this](const HttpRequest& req) { return handle(req); });
}

bool Api::authorised(const HttpRequest& req) const {
  const auto it = req.find(http::field::authorization);
  if (it == req.end()) return false;
  const std::string expected = "Bearer " + token_;
  const std::string_view got = it->value();
  // Constant time over the token: the length of a token is not the secret.
  return common::equal_constant_time(got, expected);
}

HttpResponse Api::handle(const HttpRequest& req) const {
  if (token_.empty()) return api_error(req, http::status::not_found, "API disabled: set api.token");
  if (!authorised(req)) {
    auto res = api_error(req, http::status::unauthorized, "missing or wrong bearer token");
    res.set(http::field::www_authenticate, "Bearer");
    return res;
  }
  return handle_authorised(req);
}

HttpResponse Api::handle_authorised(const HttpRequest& req) const {
  const std::string_view path = Router::path_of(req.target());
  if (path == kFigures) {
    if (req.method() != http::verb::get) return not_allowed(req, "GET");
    if (!figures_) return api_error(req, http::status::not_found, "figures are not kept");
    return Router::json(req, http::status::ok, figures_->json());
  }
  if (path == kCalls || path == std::string(kCalls) + "/") {
    return req.method() == http::verb::get ? list(req) : not_allowed(req, "GET");
  }
  // The GET prefix also matches "/api/callsX".
  if (!path.starts_with(kCalls) || path[kCalls.size()] != '/') {
    return api_error(req, http::status::not_found, "not found");
  }
  const std::string_view rest = path.substr(kCalls.size() + 1);
  const auto slash = rest.find('/');
  const std::string id(rest.substr(0, slash));
  const std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash);
  const bool is_get = req.method() == http::verb::get;
  if (id.empty()) return api_error(req, http::status::not_found, "no call id");
  if (tail.empty()) return is_get ? get(req, id) : not_allowed(req, "GET");
  if (tail == "/recording.wav") return is_get ? recording(req, id) : not_allowed(req, "GET");
  if (tail == "/hangup") {
    return req.method() == http::verb::post ? hangup(req, id) : not_allowed(req, "POST");
  }
  if (tail == "/say" || tail == "/transfer") {  // call control: api_control.cpp
    if (req.method() != http::verb::post) return not_allowed(req, "POST");
    return tail == "/say" ? say(req, id) : transfer(req, id);
  }
  return api_error(req, http::status::not_found, "not found");
}

HttpResponse Api::list(const HttpRequest& req) const {
  if (!store_)
    return api_error(req, http::status::service_unavailable, "call records are disabled");
  const std::string_view target = req.target();
  const auto qmark = target.find('?');
  std::string_view query = qmark == std::string_view::npos ? "" : target.substr(qmark + 1);
  query = query.substr(0, query.find('#'));
  const auto params = Router::form_params(query);
  if (!params) return api_error(req, http::status::bad_request, "malformed query string");
  auto q = list_query(*params);
  if (!q) return api_error(req, http::status::bad_request, "bad value for " + q.error());
  if (auto bad = add_text_filters(*params, *q)) {
    return api_error(req, http::status::bad_request, *bad);
  }
  // One more than the page, to know whether a next page exists.
  store::ListQuery ask = *q;
  ask.limit = q->limit + 1;
  auto records = store_->list(ask);
  const bool more = static_cast<int>(records.size()) > q->limit;
  if (more) records.resize(q->limit);
  json::array calls;
  for (const auto& r : records) calls.push_back(record_value(r, control_.is_live(r.id), false));
  json::object body{{"calls", std::move(calls)}, {"limit", q->limit}, {"offset", q->offset}};
  body["next_offset"] = more ? json::value(q->offset + q->limit) : json::value(nullptr);
  return Router::json(req, http::status::ok, json::serialize(body));
}

HttpResponse Api::get(const HttpRequest& req, const std::string& id) const {
  std::optional<store::CallRecord> r = store_ ? store_->get(id) : std::nullopt;
  const bool live = control_.is_live(id);
  if (r) return Router::json(req, http::status::ok, record_json(*r, live));
  if (!live) return api_error(req, http::status::not_found, "no call with id " + id);
  // A live call has no stored record until it ends (the record is written
  // then): its record so far, or a stub when the call cannot tell.
  store::CallRecord stub;
  stub.id = id;
  return Router::json(req, http::status::ok,
                      record_json(control_.live_record(id).value_or(stub), true));
}

HttpResponse Api::recording(const HttpRequest& req, const std::string& id) const {
  std::optional<store::CallRecord> r = store_ ? store_->get(id) : std::nullopt;
  if (!r || r->recording_path.empty()) {
    return api_error(req, http::status::not_found, "no recording for call " + id);
  }
  std::ifstream in(r->recording_path, std::ios::binary | std::ios::ate);
  if (!in) return api_error(req, http::status::not_found, "recording file is missing");
  const auto size = static_cast<uint64_t>(in.tellg());
  const auto it = req.find(http::field::range);
  const RangeAnswer range = byte_range(
      it == req.end() ? std::nullopt : std::optional<std::string_view>(it->value()), size);
  HttpResponse res{http::status::ok, req.version()};
  res.keep_alive(req.keep_alive());
  res.set(http::field::accept_ranges, "bytes");  // the audio element may seek
  if (range.kind == RangeAnswer::Kind::kUnsatisfiable) {
    res.result(http::status::range_not_satisfiable);
    res.set(http::field::content_range, "bytes */" + std::to_string(size));
    res.prepare_payload();
    return res;
  }
  ByteRange part{0, size ? size - 1 : 0};
  if (range.kind == RangeAnswer::Kind::kPartial) {
    part = range.range;
    res.result(http::status::partial_content);
    res.set(http::field::content_range, "bytes " + std::to_string(part.first) + "-" +
                                            std::to_string(part.last) + "/" + std::to_string(size));
  }
  res.set(http::field::content_type, "audio/wav");
  res.body().resize(size ? part.length() : 0);
  in.seekg(static_cast<std::streamoff>(part.first));
  in.read(res.body().data(), static_cast<std::streamsize>(res.body().size()));
  if (!in) return api_error(req, http::status::internal_server_error, "cannot read the recording");
  res.prepare_payload();
  return res;
}

HttpResponse Api::hangup(const HttpRequest& req, const std::string& id) const {
  if (!control_.hangup(id)) return api_error(req, http::status::not_found, "no live call " + id);
  return Router::json(req, http::status::accepted,
                      json::serialize(json::object{{"id", id}, {"status", "hanging_up"}}));
}

}  // namespace voxgate::server
