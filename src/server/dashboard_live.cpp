#include "server/dashboard_live.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/json.hpp>
#include <string>

#include "net/router.hpp"
#include "server/api.hpp"

namespace voxgate::server {
namespace {

namespace json = boost::json;
constexpr uint16_t kPolicyViolation = 1008;  // RFC 6455 7.4.1

json::object summary(const store::CallRecord& r) {
  json::object o = json::parse(record_json(r, true, false)).as_object();
  int barge_ins = 0;
  for (const auto& e : r.events) barge_ins += e.kind == "barge_in" ? 1 : 0;
  o["barge_ins"] = barge_ins;
  o["turns"] = static_cast<int64_t>(r.turns.size());
  o["state"] = r.live_state.empty() ? "live" : r.live_state;
  return o;
}

std::string call_param(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  const auto params = net::Router::form_params(target.substr(q + 1));
  if (!params) return {};
  for (const auto& [k, v] : *params) {
    if (k == "call") return v;
  }
  return {};
}

class LivePush : public std::enable_shared_from_this<LivePush> {
 public:
  LivePush(std::shared_ptr<net::WsConnection> conn, const bridge::CallControl& calls,
           std::string call, std::chrono::milliseconds interval)
      : conn_(std::move(conn)),
        calls_(calls),
        call_(std::move(call)),
        interval_(interval),
        timer_(conn_->get_executor()) {}

  void start() {
    // The handlers hold a weak reference: the timer's wait owns the pusher.
    std::weak_ptr<LivePush> weak = weak_from_this();
    conn_->start({[](std::string_view) {},
                  [weak](const net::CloseInfo&) {
                    if (auto self = weak.lock()) self->stop();
                  }});
    tick();
  }

 private:
  void stop() {
    closed_ = true;
    timer_.cancel();
  }

  std::string render() const {
    json::array list;
    for (const auto& r : calls_.live_records()) list.push_back(summary(r));
    json::object body{{"calls", std::move(list)}, {"call", nullptr}};
    if (!call_.empty()) {
      if (auto r = calls_.live_record(call_)) body["call"] = json::parse(record_json(*r, true));
    }
    return json::serialize(body);
  }

  void tick() {
    if (closed_) return;
    std::string now = render();
    if (now != last_) {
      conn_->send(now);
      last_ = std::move(now);
    }
    timer_.expires_after(interval_);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->tick();
    });
  }

  std::shared_ptr<net::WsConnection> conn_;
  const bridge::CallControl& calls_;
  std::string call_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  std::string last_;
  bool closed_ = false;
};

}  // namespace

void start_live_push(std::shared_ptr<net::WsConnection> conn, const bridge::CallControl& calls,
                     std::string_view target, std::chrono::milliseconds interval) {
  std::make_shared<LivePush>(std::move(conn), calls, call_param(target), interval)->start();
}

void refuse_live(std::shared_ptr<net::WsConnection> conn) {
  conn->start({});
  conn->close(kPolicyViolation, "not signed in");
}

}  // namespace voxgate::server
