#include "server/answer_route.hpp"

#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>
#include <optional>
#include <variant>

#include "server/twiml_route.hpp"
#include "telephony/plivo/stream_xml.hpp"
#include "telephony/plivo/webhook_signature.hpp"
#include "telephony/signalwire/webhook_signature.hpp"
#include "telephony/telnyx/texml.hpp"
#include "telephony/telnyx/webhook_signature.hpp"
#include "telephony/twilio/twiml.hpp"
#include "telephony/vonage/ncco.hpp"
#include "telephony/vonage/webhook_signature.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;
namespace json = boost::json;
using telephony::Parameters;

namespace {

constexpr std::string_view kCarriers[] = {"telnyx", "vonage", "plivo", "exotel", "signalwire"};
// Exotel's flow goes on to the applet after the Voicebot (its console, not a
// document); SignalWire's LaML uses /twiml/after like Twilio.
constexpr std::string_view kContinuationCarriers[] = {"telnyx", "vonage", "plivo"};
constexpr std::string_view kCallQuery = "call";

// What the webhook sent: its query and its body's parameters (form, or a
// JSON object: Vonage's answer webhook may POST JSON).
struct Webhook {
  Parameters query;
  Parameters body;
};

std::optional<Parameters> json_params(std::string_view body) {
  boost::system::error_code ec;
  const auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  Parameters out;
  for (const auto& kv : v.get_object()) {
    if (kv.value().is_string()) {
      out.emplace_back(kv.key(), kv.value().get_string());
    } else if (kv.value().is_number()) {
      out.emplace_back(kv.key(), json::serialize(kv.value()));
    }
  }
  return out;
}

std::optional<Webhook> read_webhook(const net::HttpRequest& req) {
  const std::string_view target = req.target();
  const size_t q = target.find('?');
  Webhook w;
  if (q != std::string_view::npos) {
    auto query = net::Router::form_params(target.substr(q + 1));
    if (!query) return std::nullopt;
    w.query = std::move(*query);
  }
  if (req.body().empty()) return w;
  const auto type = req[http::field::content_type];
  auto body = type.starts_with("application/json") ? json_params(req.body())
                                                   : net::Router::form_params(req.body());
  if (!body) return std::nullopt;
  w.body = std::move(*body);
  return w;
}

// The first of `names` the body or, failing that, the query carries.
std::string call_id(const Webhook& w, std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    for (const auto* params : {&w.body, &w.query}) {
      for (const auto& [key, value] : *params) {
        if (key == name && !value.empty()) return value;
      }
    }
  }
  return {};
}

// Where each carrier's webhook names the call the stream's start will name
// (the id the token is bound to).
std::string webhook_call_id(std::string_view carrier, const Webhook& w) {
  if (carrier == "telnyx") return call_id(w, {"CallControlId", "CallSid"});
  if (carrier == "vonage") return call_id(w, {"uuid"});
  if (carrier == "plivo") return call_id(w, {"CallUUID"});
  return call_id(w, {"CallSid"});  // exotel, signalwire
}

int64_t unix_seconds(const AnswerOptions& opts) {
  const auto since_epoch = opts.unix_clock ? opts.unix_clock->now().time_since_epoch()
                                           : std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
}

std::string_view header(const net::HttpRequest& req, std::string_view name) {
  const auto it = req.find(name);
  return it == req.end() ? std::string_view{} : std::string_view(it->value());
}

bool plivo_signed(const net::HttpRequest& req, const Webhook& w, const AnswerOptions& opts) {
  const auto nonce = header(req, telephony::plivo::kNonceHeader);
  const auto sig = header(req, telephony::plivo::kSignatureHeader);
  const bool post = req.method() == http::verb::post;
  for (const auto& url : signed_url_candidates(req, opts.public_host)) {
    const telephony::plivo::SignedRequest signed_req{post ? "POST" : "GET",
                                                     std::string_view(url).substr(0, url.find('?')),
                                                     w.query, post ? w.body : Parameters{}};
    if (telephony::plivo::verify_signature_v3(opts.secrets.plivo_auth_token, signed_req, nonce,
                                              sig)) {
      return true;
    }
  }
  return false;
}

bool signalwire_signed(const net::HttpRequest& req, const Webhook& w, const AnswerOptions& opts) {
  const auto sig = header(req, telephony::signalwire::kSignatureHeader);
  for (const auto& url : signed_url_candidates(req, opts.public_host)) {
    if (telephony::signalwire::verify_webhook_signature(opts.secrets.signalwire_signing_key, url,
                                                        w.body, sig)) {
      return true;
    }
  }
  return false;
}

// True when the carrier's check is off or passes. Never logs or echoes a
// secret or a signature (STYLE.md "never log secrets").
bool signature_ok(std::string_view carrier, const net::HttpRequest& req, const Webhook& w,
                  const AnswerOptions& opts) {
  const auto& s = opts.secrets;
  if (carrier == "telnyx" && !s.telnyx_public_key.empty()) {
    return telephony::telnyx::verify_webhook_signature(
        s.telnyx_public_key, header(req, telephony::telnyx::kTimestampHeader), req.body(),
        header(req, telephony::telnyx::kSignatureHeader), unix_seconds(opts));
  }
  if (carrier == "vonage" && !s.vonage_signature_secret.empty()) {
    return telephony::vonage::verify_signed_webhook(
        s.vonage_signature_secret, header(req, "Authorization"), req.body(), unix_seconds(opts));
  }
  if (carrier == "plivo" && !s.plivo_auth_token.empty()) return plivo_signed(req, w, opts);
  if (carrier == "signalwire" && !s.signalwire_signing_key.empty()) {
    return signalwire_signed(req, w, opts);
  }
  return true;  // exotel: IP allow-list or basic auth in the URL, nothing to check here
}

// "wss://HOST/media/<carrier>", with "?voxgate_stream_token=..." when there is one.
std::string stream_url(std::string_view carrier, const net::HttpRequest& req,
                       const AnswerOptions& opts, const std::string& token) {
  std::string url =
      media_stream_url(opts.public_host, request_host(req)) + "/" + std::string(carrier);
  if (token.empty()) return url;
  return url + "?" + std::string(bridge::kStreamTokenParameter) + "=" +
         boost::urls::encode(token, boost::urls::unreserved_chars);
}

net::HttpResponse document(const net::HttpRequest& req, std::string_view type, std::string body) {
  net::HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::content_type, type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// "https://HOST/answer/<carrier>/after?call=ID" (http:// for a loopback Host,
// as after_stream_url), or empty when continuations are off.
std::string continuation_url(std::string_view carrier, const net::HttpRequest& req,
                             const AnswerOptions& opts, const std::string& id) {
  if (!opts.continuation) return {};
  std::string url = after_stream_url(opts.public_host, request_host(req));
  url.resize(url.size() - std::string_view("/twiml/after").size());
  url += "/answer/" + std::string(carrier) + "/after";
  if (id.empty()) return url;
  return url + "?" + std::string(kCallQuery) + "=" +
         boost::urls::encode(id, boost::urls::unreserved_chars);
}

net::HttpResponse carrier_document(std::string_view carrier, const net::HttpRequest& req,
                                   const AnswerOptions& opts, const std::string& id,
                                   const std::string& token) {
  Parameters params;
  if (!token.empty()) params.emplace_back(bridge::kStreamTokenParameter, token);
  const std::string with_token = stream_url(carrier, req, opts, token);
  const std::string after = continuation_url(carrier, req, opts, id);
  if (carrier == "telnyx") {
    return document(req, "text/xml",
                    telephony::telnyx::connect_stream_texml(with_token, params, after));
  }
  if (carrier == "plivo") {
    return document(req, "text/xml", telephony::plivo::stream_xml(with_token, params, after));
  }
  if (carrier == "exotel") {
    return document(req, "application/json", json::serialize(json::object{{"url", with_token}}));
  }
  const std::string plain = stream_url(carrier, req, opts, {});
  if (carrier == "vonage") {
    // The uuid header names the call in websocket:connected (the codec reads it).
    if (!id.empty()) params.insert(params.begin(), std::pair<std::string, std::string>("uuid", id));
    return document(req, "application/json",
                    telephony::vonage::connect_websocket_ncco(plain, 8000, params, after));
  }
  if (!id.empty())
    params.insert(params.begin(), std::pair<std::string, std::string>("CallSid", id));
  if (!opts.continuation) {
    return document(req, "text/xml", telephony::twilio::connect_stream_twiml(plain, params));
  }
  return document(req, "text/xml",
                  telephony::twilio::connect_stream_twiml(
                      plain, params, after_stream_url(opts.public_host, request_host(req))));
}

net::HttpResponse refused(std::string_view carrier, const net::HttpRequest& req,
                          const AnswerOptions& opts) {
  if (opts.on_refused) opts.on_refused(carrier);
  return net::Router::json(
      req, http::status::forbidden,
      json::serialize(
          json::object{{"error", "invalid " + std::string(carrier) + " webhook signature"}}));
}

// The webhook's parameters once its signature passed, else the refusal
// (400 malformed, 403 signature).
std::variant<Webhook, net::HttpResponse> checked_webhook(std::string_view carrier,
                                                         const net::HttpRequest& req,
                                                         const AnswerOptions& opts) {
  auto webhook = read_webhook(req);
  if (!webhook) {
    return net::Router::json(req, http::status::bad_request, R"({"error":"malformed request"})");
  }
  if (!signature_ok(carrier, req, *webhook, opts)) return refused(carrier, req, opts);
  return std::move(*webhook);
}

// The carrier's document for where the call goes now.
std::string after_document(std::string_view carrier, const std::optional<std::string>& target) {
  if (carrier == "telnyx") {
    return target ? telephony::telnyx::dial_texml(*target) : telephony::telnyx::hangup_texml();
  }
  if (carrier == "plivo") {
    return target ? telephony::plivo::dial_xml(*target) : telephony::plivo::hangup_xml();
  }
  return target ? telephony::vonage::dial_ncco(*target) : telephony::vonage::hangup_ncco();
}

}  // namespace

std::span<const std::string_view> answer_carriers() {
  return kCarriers;
}

std::span<const std::string_view> continuation_carriers() {
  return kContinuationCarriers;
}

net::HttpResponse answer_response(std::string_view carrier, const net::HttpRequest& req,
                                  const AnswerOptions& opts) {
  auto checked = checked_webhook(carrier, req, opts);
  if (auto* refusal = std::get_if<net::HttpResponse>(&checked)) return std::move(*refusal);
  const auto* webhook = &std::get<Webhook>(checked);
  const std::string id = webhook_call_id(carrier, *webhook);
  if (opts.stream_tokens && id.empty()) {
    return net::Router::json(req, http::status::bad_request,
                             R"({"error":"the webhook names no call"})");
  }
  const std::string token = opts.stream_tokens ? opts.stream_tokens->issue(id) : std::string();
  return carrier_document(carrier, req, opts, id, token);
}

void answer_after_async(std::string_view carrier, const net::HttpRequest& req,
                        const AnswerOptions& opts, cluster::TransferBook& book,
                        net::HttpAnswer reply) {
  auto checked = checked_webhook(carrier, req, opts);
  if (auto* refusal = std::get_if<net::HttpResponse>(&checked)) return reply(std::move(*refusal));
  const auto* webhook = &std::get<Webhook>(checked);
  std::string id = call_id(Webhook{webhook->query, {}}, {kCallQuery});
  if (id.empty()) id = webhook_call_id(carrier, *webhook);
  const std::string_view type = carrier == "vonage" ? "application/json" : "text/xml";
  auto answer = [c = std::string(carrier), type, version = req.version(),
                 keep_alive = req.keep_alive(),
                 reply = std::move(reply)](const std::optional<std::string>& target) {
    net::HttpResponse res{http::status::ok, version};
    res.set(http::field::content_type, type);
    res.keep_alive(keep_alive);
    res.body() = after_document(c, target);
    res.prepare_payload();
    reply(std::move(res));
  };
  if (id.empty()) return answer(std::nullopt);
  book.find(id, [id, answer = std::move(answer)](cluster::ClusterResult<std::string> target) {
    if (!target) {
      spdlog::warn("transfer book unavailable for call {} ({}): answering a hang-up", id,
                   target.error());
    }
    answer(target && !target->empty() ? std::optional<std::string>(*target) : std::nullopt);
  });
}

net::HttpResponse answer_after_response(std::string_view carrier, const net::HttpRequest& req,
                                        const AnswerOptions& opts,
                                        cluster::InProcessTransferBook& book) {
  std::optional<net::HttpResponse> answer;
  answer_after_async(carrier, req, opts, book,
                     [&answer](net::HttpResponse res) { answer = std::move(res); });
  return std::move(*answer);  // the in-process book answers before find() returns
}

}  // namespace voxgate::server
