#pragma once
// The carriers' answer webhooks (GET or POST /answer/<carrier>): the
// document each carrier's webhook expects, pointing its media stream back at
// /media/<carrier> with the per-call stream token where the carrier can carry
// one (BEHAVIOUR 0; PROTOCOLS.md "Other carriers' media streams";
// docs/carriers.md):
//   telnyx     TeXML <Connect><Stream bidirectionalMode="rtp">, token as a
//              <Parameter> and in the stream URL's query;
//   vonage     an NCCO `connect` to a `websocket` endpoint, token and the
//              call's uuid in its `headers`;
//   plivo      Plivo XML <Stream bidirectional keepCallAlive>, token in
//              extraHeaders and in the stream URL's query;
//   exotel     {"url":"wss://..."} for the Voicebot applet's dynamic URL,
//              token in the stream URL's query (Exotel passes URL parameters
//              on as the start's custom_parameters);
//   signalwire TwiML (LaML is TwiML-compatible), token as a <Parameter>.
// Each carrier's webhook signature is checked when its secret is set: a
// missing or wrong one gets 403 and is counted (on_refused).
//
// Pure functions of the request and options; safe from any strand.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bridge/stream_token.hpp"
#include "cluster/in_process_transfer_book.hpp"
#include "cluster/transfer_book.hpp"
#include "common/clock.hpp"
#include "net/router.hpp"

namespace voxgate::server {

// Each empty: that carrier's signature check is off. Secrets: never logged.
struct CarrierSecrets {
  std::string telnyx_public_key;        // base64 raw Ed25519 key (not a secret, but configured)
  std::string vonage_signature_secret;  // Vonage signed webhooks (JWT HS256)
  std::string plivo_auth_token;         // Plivo V3 signature
  std::string signalwire_signing_key;   // X-SignalWire-Signature
};

struct AnswerOptions {
  std::string public_host;  // host[:port] carriers reach us at; empty => Host header
  CarrierSecrets secrets;
  // Issues the per-call stream token; null: none.
  const bridge::StreamTokens* stream_tokens = nullptr;
  // Unix time (bridge::UnixClock) for the signatures' freshness; null: the system clock.
  const common::Clock* unix_clock = nullptr;
  // A webhook refused for its signature (403), by carrier.
  std::function<void(std::string_view carrier)> on_refused;
  // Transfers on (tools.transfer_*): each answer ends with the carrier's way
  // of asking how the call goes on once the stream ends (TeXML and Plivo
  // <Redirect>, a Vonage notify; SignalWire <Connect action>), pointed at
  // /answer/<carrier>/after (SignalWire: /twiml/after).
  bool continuation = false;
};

// The carriers /answer/<carrier> serves, in route order.
std::span<const std::string_view> answer_carriers();
// Those with their own /answer/<carrier>/after (telnyx, vonage, plivo).
std::span<const std::string_view> continuation_carriers();

// The handler of /answer/<carrier> (either method): 400 on a malformed
// request or, with stream tokens on, one that names no call; 403
// {"error":"invalid <carrier> webhook signature"} when the carrier's check is
// on and fails; else 200 with the carrier's document.
net::HttpResponse answer_response(std::string_view carrier, const net::HttpRequest& req,
                                  const AnswerOptions& opts);

// The handler of /answer/<carrier>/after (either method), where the call goes
// once its stream has ended: the carrier's signature checked as for the
// answer (the signed URL includes the query); the call named by the query's
// `call` (the answer put it there) or the webhook's own id; 200 with the
// carrier's document dialling the booked transfer target, or hanging up.
// The book may be another instance's too (Redis): the request may reach any
// instance. Answers through `reply`, after the book's lookup (on the book's
// thread for Redis); a book that cannot answer is a hang-up, as for
// /twiml/after (the carrier needs a document).
void answer_after_async(std::string_view carrier, const net::HttpRequest& req,
                        const AnswerOptions& opts, cluster::TransferBook& book,
                        net::HttpAnswer reply);
// The same with the in-process book, which answers at once.
net::HttpResponse answer_after_response(std::string_view carrier, const net::HttpRequest& req,
                                        const AnswerOptions& opts,
                                        cluster::InProcessTransferBook& book);

}  // namespace voxgate::server
