#pragma once
// The operator API (bearer token): call records, transcripts, recordings and
// hang-up of a live call. JSON errors with proper status codes.
//   GET  /api/calls?since=MS&until=MS&end_reason=R&carrier=C&q=TEXT&limit=N&offset=N
//        newest first; limit 1..500 (clamped, default 50); next_offset is
//        null on the last page; carrier one of the media routes' carriers, q
//        (at most 200 bytes) text said in the call, ignoring ASCII case
//   GET  /api/calls?live=1  every instance's live calls from the live-call
//        registry (Redis: all instances; else this one): id, instance,
//        carrier, caller, started_at_ms, state; newest first; 503 when Redis
//        cannot answer
//   GET  /api/figures                    this process's figures per minute for
//        the last hour (obs/minute_figures.hpp); 404 when not kept
//   GET  /api/calls/{id}                 record with turns and events
//   GET  /api/calls/{id}/recording.wav   audio/wav; one byte range (206/416)
//   POST /api/calls/{id}/hangup          202 for a live call
//   POST /api/calls/{id}/say {"text":"..."}     202; the agent says it after its
//        current response (not cutting it mid-word); 400 bad body, 404 not live,
//        409 the call is being transferred
//   POST /api/calls/{id}/transfer {"to":"..."}  202; the agent says a handoff line,
//        then Twilio dials the target (via /twiml/after); 400 bad body, 403 target
//        not in tools.transfer_allow, 404 not live, 409 already transferring
// With the cluster set (set_cluster, Redis), hangup/say/transfer for a call
// another instance holds go to that instance (api_cluster.cpp): its answer,
// 404 when no instance holds the call, 503 when Redis or the holder cannot
// answer (cluster.control_timeout_ms). The answer carries the holder's id in
// X-Voxgate-Instance.
// An empty token disables the API (404 on every /api path, so an open API is
// never the default). Handlers run on an I/O strand and call the store
// directly: SQLite answers a page or a record in well under a millisecond at
// the sizes involved; a recording is read whole (8 kHz mono: ~1 MB/minute).
//
// Owner: the app, which must keep it alive while the router is in use.
// Thread-safe: const after construction; the store and control are.

#include <string>
#include <vector>

#include "bridge/call_control.hpp"
#include "cluster/control_bus.hpp"
#include "cluster/live_call_registry.hpp"
#include "net/router.hpp"
#include "obs/minute_figures.hpp"
#include "store/call_store.hpp"

namespace voxgate::server {

class Api {
 public:
  // `store` may be null (records disabled). An empty token disables the API.
  Api(store::CallStore* store, bridge::CallControl& control, std::string token);

  // Registers its routes (prefixes) under /api/calls. Keeps `this`.
  void install(net::Router& router) const;
  net::HttpResponse handle(const net::HttpRequest& req) const;
  // Targets POST .../transfer may use (empty: transfers refused, 403).
  void set_transfer_allow(std::vector<std::string> allow) { transfer_allow_ = std::move(allow); }
  // The per-minute figures GET /api/figures serves (outlive this); null: 404.
  void set_figures(const obs::MinuteFigures* figures) { figures_ = figures; }

  // Cross-instance control: where calls are and how to reach their holder.
  struct Cluster {
    cluster::LiveCallRegistry* registry = nullptr;
    cluster::ControlBus* bus = nullptr;  // null: control stays on this instance
    std::string instance_id;
  };
  void set_cluster(Cluster c) { cluster_ = std::move(c); }  // before install()
  // The holder's side: runs a request another instance forwarded (that
  // instance checked its token) on this instance's calls. Any thread.
  cluster::ControlAnswer run_forwarded(const cluster::ControlRequest& r) const;
  // handle() for a route that may wait: the live list across instances and
  // control of a call another instance holds answer through `reply`
  // (api_cluster.cpp); everything else at once.
  void handle_async(const net::HttpRequest& req, net::HttpAnswer reply) const;

 private:
  net::HttpResponse list(const net::HttpRequest& req) const;
  net::HttpResponse get(const net::HttpRequest& req, const std::string& id) const;
  net::HttpResponse recording(const net::HttpRequest& req, const std::string& id) const;
  net::HttpResponse hangup(const net::HttpRequest& req, const std::string& id) const;
  bool authorised(const net::HttpRequest& req) const;
  // handle() once the token is checked.
  net::HttpResponse handle_authorised(const net::HttpRequest& req) const;
  std::optional<std::string> held_elsewhere(const net::HttpRequest& req) const;
  bool wants_live_list(const net::HttpRequest& req) const;
  void list_live(const net::HttpRequest& req, net::HttpAnswer reply) const;
  void forward(const net::HttpRequest& req, const std::string& id, net::HttpAnswer reply) const;
  // Call control: api_control.cpp
  net::HttpResponse say(const net::HttpRequest& req, const std::string& id) const;
  net::HttpResponse transfer(const net::HttpRequest& req, const std::string& id) const;

  store::CallStore* store_;
  bridge::CallControl& control_;
  std::string token_;
  std::vector<std::string> transfer_allow_;
  const obs::MinuteFigures* figures_ = nullptr;
  Cluster cluster_;
};

// An error answer: {"error": message} with `status`.
net::HttpResponse api_error(const net::HttpRequest& req, boost::beast::http::status status,
                            std::string_view message);

// JSON of a record; turns and events only when `detail` is set.
std::string record_json(const store::CallRecord& record, bool live, bool detail = true);

}  // namespace voxgate::server
