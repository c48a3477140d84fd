// VoxgateApp: tools the AI can call (docs/tools.md): the ToolRunner (its
// definitions go to the AI leg: ai_leg_choice.cpp), and POST /twiml/after for
// transfers.
#include <spdlog/spdlog.h>

#include "app/voxgate_app.hpp"
#include "server/answer_route.hpp"
#include "server/twiml_after_route.hpp"

namespace voxgate::app {

void VoxgateApp::prepare_tools() {
  tools_ = std::make_unique<bridge::ToolRunner>(config_.tools);
  runner_config_.session.shell_tools = tools_->names();
  // Names only: URLs may carry tokens in their query, the secret never shows.
  std::string names;
  for (const auto& n : tools_->names()) names += (names.empty() ? "" : ", ") + n;
  if (!names.empty()) spdlog::info("tools the AI can call: end_call, {}", names);
}

void VoxgateApp::install_tool_routes(net::Router& r) {
  namespace http = boost::beast::http;
  server::TwimlOptions opts{config_.server.public_host, config_.server.validate_twilio_signature,
                            config_.server.twilio_auth_token, true};
  opts.signalwire_signing_key = config_.server.signalwire_signing_key;
  // The book is Redis's with cluster.redis_url: the carrier's request may
  // reach an instance other than the one that held the call.
  r.add_async(http::verb::post, "/twiml/after",
              [this, opts](const net::HttpRequest& req, net::HttpAnswer reply) {
                server::twiml_after_async(req, opts, cluster_->transfer_book(), std::move(reply));
              });
  const server::AnswerOptions answer = server_->answer_options();
  for (const auto carrier : server::continuation_carriers()) {
    auto handler = [this, answer, carrier](const net::HttpRequest& req, net::HttpAnswer reply) {
      server::answer_after_async(carrier, req, answer, cluster_->transfer_book(), std::move(reply));
    };
    const std::string path = "/answer/" + std::string(carrier) + "/after";
    r.add_async(http::verb::get, path, handler);
    r.add_async(http::verb::post, path, handler);
  }
}

}  // namespace voxgate::app
