#pragma once
// POST /twiml/after (transfer_call, docs/tools.md): the <Connect action> URL Twilio requests when a
// media stream ends. A call the AI (or the API) transferred is answered with
// <Dial>TARGET</Dial>; any other call with <Hangup/>. The same
// X-Twilio-Signature check as /twiml applies when it is on (403 otherwise).
// Pure function of the request, the options and the book; safe from any strand.

#include "cluster/in_process_transfer_book.hpp"
#include "net/router.hpp"
#include "server/twiml_route.hpp"

namespace voxgate::server {

net::HttpResponse twiml_after_response(const net::HttpRequest& req, const TwimlOptions& opts,
                                       const cluster::InProcessTransferBook& book);

}  // namespace voxgate::server
