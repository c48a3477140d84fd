#include "cluster/control_bus.hpp"

#include <boost/json.hpp>
#include <vector>

namespace voxgate::cluster {
namespace {

namespace json = boost::json;
using common::unexpected;

// The string field `key` of `o`, empty when absent or not a string.
std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<json::object> parse_object(const std::string& message) {
  boost::system::error_code ec;
  json::value v = json::parse(message, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

}  // namespace

ControlBus::ControlBus(ControlBusOptions opts, RedisWorker& publisher, Runner run)
    : opts_(std::move(opts)), publisher_(publisher), run_(std::move(run)) {
  subscriber_ = std::make_unique<RedisSubscriber>(
      opts_.endpoint,
      std::vector<std::string>{channel(opts_.instance_id), reply_channel(opts_.instance_id)},
      RedisSubscriber::Handlers{
          [this](const std::string& ch, const std::string& m) { on_message(ch, m); },
          [this] { expire(); }});
}

ControlBus::~ControlBus() {
  stop();
}

void ControlBus::stop() {
  subscriber_->stop();
  std::unordered_map<std::string, Pending> left;
  {
    std::lock_guard lock(mu_);
    left.swap(pending_);
  }
  for (auto& [id, p] : left) p.done(unexpected(std::string("stopping")));
}

std::string ControlBus::channel(const std::string& instance) const {
  return opts_.prefix + "control:" + instance;
}

std::string ControlBus::reply_channel(const std::string& instance) const {
  return opts_.prefix + "control-reply:" + instance;
}

void ControlBus::request(const std::string& owner, const ControlRequest& req,
                         ClusterCallback<ControlAnswer> done) {
  std::string id;
  {
    std::lock_guard lock(mu_);
    id = opts_.instance_id + "/" + std::to_string(next_id_++);
    pending_[id] = {owner, std::chrono::steady_clock::now() + opts_.timeout, std::move(done)};
  }
  const json::object message{{"id", id},
                             {"from", opts_.instance_id},
                             {"method", req.method},
                             {"target", req.target},
                             {"body", req.body}};
  publisher_.run({"PUBLISH", channel(owner), json::serialize(message)},
                 [this, id, owner](ClusterResult<RedisReply> r) {
                   // PUBLISH answers how many subscribers got it: 0 means the
                   // holder is gone (its calls' entries wait for their TTL).
                   if (r && r->integer > 0) return;
                   auto cb = take(id);
                   if (!cb) return;
                   cb(unexpected(r ? "instance " + owner + " is not listening" : r.error()));
                 });
}

void ControlBus::on_message(const std::string& ch, const std::string& message) {
  if (ch == channel(opts_.instance_id)) return on_request(message);
  on_answer(message);
}

void ControlBus::on_request(const std::string& message) {
  const auto o = parse_object(message);
  if (!o) return;  // not ours to answer: the asker's wait is bounded
  const std::string id = text(*o, "id"), from = text(*o, "from");
  if (id.empty() || from.empty()) return;
  const ControlAnswer a = run_({text(*o, "method"), text(*o, "target"), text(*o, "body")});
  const json::object answer{{"id", id}, {"status", a.status}, {"body", a.body}};
  // A lost answer ends as the asker's timeout.
  publisher_.run({"PUBLISH", reply_channel(from), json::serialize(answer)},
                 [](ClusterResult<RedisReply>) {});
}

void ControlBus::on_answer(const std::string& message) {
  const auto o = parse_object(message);
  if (!o) return;
  auto cb = take(text(*o, "id"));
  const json::value* status = o->if_contains("status");
  if (!cb || !status || !status->is_int64()) return;
  cb(ControlAnswer{static_cast<int>(status->as_int64()), text(*o, "body")});
}

void ControlBus::expire() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, ClusterCallback<ControlAnswer>>> late;
  {
    std::lock_guard lock(mu_);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      late.emplace_back(it->second.owner, std::move(it->second.done));
      it = pending_.erase(it);
    }
  }
  for (auto& [owner, done] : late) {
    done(unexpected("instance " + owner + " did not answer within " +
                    std::to_string(opts_.timeout.count()) + " ms"));
  }
}

ClusterCallback<ControlAnswer> ControlBus::take(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(id);
  if (it == pending_.end()) return {};
  auto done = std::move(it->second.done);
  pending_.erase(it);
  return done;
}

}  // namespace voxgate::cluster
