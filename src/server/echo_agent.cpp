#include "server/echo_agent.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>

namespace voxgate::server {

namespace json = boost::json;

namespace {

// TODO(lead): swap this private parse for telephony::twilio::parse_inbound,
// and the builders below for media_message / mark_message, once merged.
struct Inbound {
  std::string event;
  std::string stream_sid;
  std::string call_sid;  // start only
  std::string payload;   // media only
  std::string mark;      // mark only
};

std::string_view str_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  const json::string* s = v ? v->if_string() : nullptr;
  return s ? std::string_view(*s) : std::string_view();
}

const json::object* obj_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

std::optional<Inbound> parse_inbound(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  if (!o) return std::nullopt;
  Inbound in;
  in.event = str_at(*o, "event");
  in.stream_sid = str_at(*o, "streamSid");
  if (in.event == "start") {
    const json::object* s = obj_at(*o, "start");
    if (!s) return std::nullopt;
    if (in.stream_sid.empty()) in.stream_sid = str_at(*s, "streamSid");
    in.call_sid = str_at(*s, "callSid");
  } else if (in.event == "media") {
    const json::object* m = obj_at(*o, "media");
    if (!m || !m->if_contains("payload") || !m->at("payload").is_string()) return std::nullopt;
    in.payload = str_at(*m, "payload");
  } else if (in.event == "mark") {
    const json::object* m = obj_at(*o, "mark");
    if (!m) return std::nullopt;
    in.mark = str_at(*m, "name");
  } else if (in.event != "connected" && in.event != "stop" && in.event != "dtmf") {
    return std::nullopt;
  }
  return in;
}

std::string media_message(std::string_view stream_sid, std::string_view payload) {
  return json::serialize(json::object{{"event", "media"},
                                      {"streamSid", stream_sid},
                                      {"media", json::object{{"payload", payload}}}});
}

std::string mark_message(std::string_view stream_sid, std::string_view name) {
  return json::serialize(json::object{
      {"event", "mark"}, {"streamSid", stream_sid}, {"mark", json::object{{"name", name}}}});
}

}  // namespace

std::shared_ptr<EchoAgent> EchoAgent::start(std::shared_ptr<net::WsConnection> conn,
                                            EchoOptions opts) {
  auto agent = std::make_shared<EchoAgent>(conn, std::move(opts));
  // The handlers own the agent; the connection drops them after on_close.
  conn->start({[agent](std::string_view text) { agent->on_text(text); },
               [agent](const net::CloseInfo&) { agent->end(); }});
  return agent;
}

net::WsHandler EchoAgent::handler(EchoOptions opts) {
  return [opts](std::shared_ptr<net::WsConnection> conn, const net::HttpRequest&) {
    start(std::move(conn), opts);
  };
}

EchoAgent::EchoAgent(std::shared_ptr<net::WsConnection> conn, EchoOptions opts)
    : conn_(std::move(conn)), opts_(std::move(opts)), timer_(conn_->get_executor()) {}

void EchoAgent::on_text(std::string_view text) {
  if (ended_) return;
  auto in = parse_inbound(text);
  if (!in) {
    ++stats_.bad_messages;
    return;
  }
  if (!in->stream_sid.empty() && stats_.stream_sid.empty()) stats_.stream_sid = in->stream_sid;
  if (in->event == "start") {
    stats_.call_sid = in->call_sid;
  } else if (in->event == "media") {
    on_media(std::move(in->payload));
  } else if (in->event == "mark") {
    if (in->mark.rfind("echo-", 0) == 0) ++stats_.marks_echoed;
  } else if (in->event == "stop") {
    end();
    conn_->close(1000, "stream stopped");
  }
}

void EchoAgent::on_media(std::string payload) {
  ++stats_.media_in;
  if (pending_.size() >= opts_.max_pending) {
    ++stats_.dropped;
    return;
  }
  pending_.push_back({std::chrono::steady_clock::now() + opts_.delay, std::move(payload)});
  if (pending_.size() == 1) arm_timer();
}

void EchoAgent::arm_timer() {
  timer_.expires_at(pending_.front().due);
  timer_.async_wait(
      [self = shared_from_this()](boost::system::error_code ec) { self->on_timer(ec); });
}

void EchoAgent::on_timer(boost::system::error_code ec) {
  if (ec || ended_) return;
  const auto now = std::chrono::steady_clock::now();
  while (!pending_.empty() && pending_.front().due <= now) {
    const std::string name = "echo-" + std::to_string(stats_.marks_sent + 1);
    if (!conn_->send(media_message(stats_.stream_sid, pending_.front().payload))) {
      ++stats_.dropped;
    } else {
      ++stats_.media_out;
      if (conn_->send(mark_message(stats_.stream_sid, name))) ++stats_.marks_sent;
    }
    pending_.pop_front();
  }
  if (!pending_.empty()) arm_timer();
}

void EchoAgent::end() {
  if (ended_) return;
  ended_ = true;
  timer_.cancel();
  pending_.clear();
  if (opts_.on_end) opts_.on_end(stats_);
}

}  // namespace voxgate::server
