#include "realtime/ai_client.hpp"

#include "net/ws_client.hpp"

namespace voxgate::realtime {
namespace {

using net::ConnectError;

bool is_fatal_handshake_status(int status) {
  return status >= 400 && status < 500 && status != 408 && status != 429;
}

// Close codes after which a redial gets the same answer: 1008 (policy
// violation, RFC 6455 7.4.1: the server refuses this client) and 4000
// (PROTOCOLS.md: OpenAI closes the retired beta dialect with it).
bool is_fatal_close_code(uint16_t code) {
  return code == 1008 || code == 4000;
}

AiFailure from_connect_error(const ConnectError& e) {
  AiFailure f;
  switch (e.kind) {
    case ConnectError::Kind::kBadUrl:
      f.kind = AiFailure::Kind::kBadUrl;
      break;
    case ConnectError::Kind::kResolve:
      f.kind = AiFailure::Kind::kResolve;
      break;
    case ConnectError::Kind::kRefused:
      f.kind = AiFailure::Kind::kRefused;
      break;
    case ConnectError::Kind::kTimeout:
      f.kind = AiFailure::Kind::kTimeout;
      break;
    case ConnectError::Kind::kTls:
      f.kind = AiFailure::Kind::kTls;
      break;
    case ConnectError::Kind::kHandshakeStatus:
      f.kind = AiFailure::Kind::kHandshakeStatus;
      break;
    case ConnectError::Kind::kProtocol:
      f.kind = AiFailure::Kind::kProtocol;
      break;
    case ConnectError::Kind::kClosed:
      f.kind = AiFailure::Kind::kClosed;
      break;
  }
  f.http_status = e.http_status;
  f.message = e.message;
  // A 4xx answer to the upgrade (401/403 a bad key, 404 a wrong path, 400 a
  // bad model) is the same on every retry; 408 and 429 are the transient
  // ones (RFC 9110 15.5.9, RFC 6585 4). A bad URL cannot get better either.
  f.fatal = is_fatal_handshake_status(e.http_status) || e.kind == ConnectError::Kind::kBadUrl;
  return f;
}

std::string with_model(const std::string& url, const std::string& model) {
  if (model.empty() || url.find("model=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?model=" : "&model=") + model;
}

}  // namespace

std::string_view to_string(AiFailure::Kind kind) {
  switch (kind) {
    case AiFailure::Kind::kBadUrl:
      return "bad_url";
    case AiFailure::Kind::kResolve:
      return "resolve";
    case AiFailure::Kind::kRefused:
      return "refused";
    case AiFailure::Kind::kTimeout:
      return "timeout";
    case AiFailure::Kind::kTls:
      return "tls";
    case AiFailure::Kind::kHandshakeStatus:
      return "handshake_status";
    case AiFailure::Kind::kClosed:
      return "closed";
    case AiFailure::Kind::kProtocol:
      return "protocol";
  }
  return "unknown";
}

std::string describe(const AiFailure& f) {
  std::string out(to_string(f.kind));
  if (f.http_status) out += " http_status=" + std::to_string(f.http_status);
  if (f.close_code) out += " close_code=" + std::to_string(f.close_code);
  if (!f.message.empty()) out += ": " + f.message;
  return out;
}

void AiClient::connect(boost::asio::any_io_executor strand, AiClientOptions opts, Handlers handlers,
                       ConnectDone done) {
  net::ClientOptions c;
  c.url = with_model(opts.url, opts.model);
  if (!opts.api_key.empty()) c.headers.emplace_back("Authorization", "Bearer " + opts.api_key);
  if (opts.dialect == Dialect::kBeta) c.headers.emplace_back("OpenAI-Beta", "realtime=v1");
  c.connect_timeout = opts.connect_timeout;
  c.handshake_timeout = opts.handshake_timeout;
  c.ca_file = opts.ca_file;
  c.ws.idle_timeout = opts.idle_timeout;
  c.ws.pong_timeout = opts.pong_timeout;
  c.ws.max_queue = opts.max_queue;
  c.ws.read_message_max = opts.max_message;
  const Dialect dialect = opts.dialect;
  const uint32_t threshold = opts.malformed_threshold;
  net::WsClient::connect(strand, std::move(c),
                         [handlers = std::move(handlers), done = std::move(done), dialect,
                          threshold](net::ConnectResult r) mutable {
                           if (!r) {
                             done(common::unexpected(from_connect_error(r.error())));
                             return;
                           }
                           auto client = std::make_shared<AiClient>(*r, std::move(handlers),
                                                                    dialect, threshold);
                           std::weak_ptr<AiClient> weak = client;
                           (*r)->start({[weak](std::string_view text) {
                                          if (auto self = weak.lock()) self->on_text(text);
                                        },
                                        [weak](const net::CloseInfo& info) {
                                          if (auto self = weak.lock()) self->on_close(info);
                                        }});
                           done(std::move(client));
                         });
}

AiClient::AiClient(std::shared_ptr<net::WsConnection> ws, Handlers handlers, Dialect dialect,
                   uint32_t malformed_threshold)
    : ws_(std::move(ws)),
      handlers_(std::move(handlers)),
      dialect_(dialect),
      malformed_threshold_(malformed_threshold) {}

bool AiClient::send(const ClientEvent& event) {
  return ws_ && ws_->send(encode(event, dialect_));
}

bool AiClient::send_audio(std::string_view audio_b64) {
  return ws_ && ws_->send(encode_audio_append(audio_b64));
}

bool AiClient::is_open() const {
  return ws_ && ws_->is_open() && !failed_;
}

void AiClient::close() {
  closed_by_us_ = true;
  if (ws_) ws_->close(1000, "call ended");
}

void AiClient::on_text(std::string_view text) {
  if (failed_ || closed_by_us_) return;
  auto parsed = parse_server_event(text);
  if (!parsed) {
    ++bad_total_;
    if (handlers_.on_bad_message) handlers_.on_bad_message(parsed.error());
    // BEHAVIOUR 5: malformed messages past a threshold are an AI-leg failure.
    if (++bad_in_a_row_ >= malformed_threshold_) {
      fail({AiFailure::Kind::kProtocol, 0, 0,
            std::to_string(bad_in_a_row_) + " malformed messages in a row", false});
      close();
    }
    return;
  }
  bad_in_a_row_ = 0;
  if (std::holds_alternative<Unknown>(*parsed)) ++unknown_;
  if (handlers_.on_event) handlers_.on_event(std::move(*parsed));
}

void AiClient::on_close(const net::CloseInfo& info) {
  if (closed_by_us_) return;
  AiFailure f;
  f.kind = info.kind == net::CloseInfo::Kind::kTimeout ? AiFailure::Kind::kTimeout
                                                       : AiFailure::Kind::kClosed;
  f.close_code = info.code;
  f.message = info.reason.empty() ? info.ec.message() : info.reason;
  f.fatal = info.kind == net::CloseInfo::Kind::kNormal && is_fatal_close_code(info.code);
  fail(std::move(f));
}

void AiClient::fail(AiFailure failure) {
  if (failed_) return;
  failed_ = true;
  if (handlers_.on_failure) handlers_.on_failure(failure);
}

}  // namespace voxgate::realtime
