#pragma once
// POST /twiml/after (transfer_call, docs/tools.md): the <Connect action> URL Twilio requests when a
// media stream ends. A call the AI (or the API) transferred is answered with
// <Dial>TARGET</Dial>; any other call with <Hangup/>. The same
// X-Twilio-Signature check as /twiml applies when it is on (403 otherwise).
// The book may be another instance's too (Redis): the request that ends a
// call may reach any instance. Safe from any strand.

#include "cluster/in_process_transfer_book.hpp"
#include "cluster/transfer_book.hpp"
#include "net/router.hpp"
#include "server/twiml_route.hpp"

namespace voxgate::server {

// Answers through `reply`, after the book's lookup (on the book's thread for
// Redis). A book that cannot answer (Redis down) is <Hangup/>: Twilio needs
// TwiML, and an error status would make it read an application error to the
// caller.
void twiml_after_async(const net::HttpRequest& req, const TwimlOptions& opts,
                       cluster::TransferBook& book, net::HttpAnswer reply);

// The same with the in-process book, which answers at once.
net::HttpResponse twiml_after_response(const net::HttpRequest& req, const TwimlOptions& opts,
                                       cluster::InProcessTransferBook& book);

}  // namespace voxgate::server
