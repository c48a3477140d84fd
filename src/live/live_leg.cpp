#include "live/live_leg.hpp"

#include <boost/asio/post.hpp>

#include "live/codec.hpp"
#include "net/ws_client.hpp"

namespace voxgate::live {
namespace {

const common::SteadyClock kSteadyClock;

// A 4xx answer to the upgrade (bad key, wrong path) is the same on every
// retry; 408 and 429 are the transient ones (RFC 9110 15.5.9, RFC 6585 4).
ai::AiFailure from_connect_error(const net::ConnectError& e) {
  std::string description(net::to_string(e.kind));
  if (e.http_status) description += " http_status=" + std::to_string(e.http_status);
  if (!e.message.empty()) description += ": " + e.message;
  const bool fatal_status =
      e.http_status >= 400 && e.http_status < 500 && e.http_status != 408 && e.http_status != 429;
  return {std::string(net::to_string(e.kind)), std::move(description),
          fatal_status || e.kind == net::ConnectError::Kind::kBadUrl};
}

net::ClientOptions client_options(const LiveOptions& o) {
  net::ClientOptions c;
  c.url = o.url;
  if (!o.api_key.empty()) {
    if (o.auth == AuthHeader::kApiKey) {
      c.headers.emplace_back("api-key", o.api_key);
    } else {
      c.headers.emplace_back("Authorization", "Bearer " + o.api_key);
    }
  }
  c.headers.emplace_back("User-Agent", o.user_agent);
  c.connect_timeout = o.connect_timeout;
  c.handshake_timeout = o.handshake_timeout;
  c.ca_file = o.ca_file;
  c.ws.idle_timeout = o.idle_timeout;
  c.ws.pong_timeout = o.pong_timeout;
  c.ws.max_queue = o.max_queue;
  c.ws.read_message_max = o.max_message;
  return c;
}

TranslatorOptions translator_options(const LiveOptions& o) {
  TranslatorOptions t;
  t.turn_gap = o.turn_gap;
  return t;
}

}  // namespace

ai::AiDialer LiveLeg::dialer(LiveOptions options, StartConfig session) {
  auto opts = std::make_shared<const LiveOptions>(std::move(options));
  auto base = std::make_shared<const StartConfig>(std::move(session));
  return [opts, base](boost::asio::any_io_executor strand, const audio::Format& audio,
                      ai::AiLeg::Handlers handlers, ai::AiLeg::DialDone done) {
    // session.start names the call's format (PROTOCOLS-LIVE 4): one copy per
    // call whose format is not the configured one.
    auto start = base;
    if (const AudioFormat format = live_format(audio);
        format.type != base->format.type || format.rate != base->format.rate) {
      auto own = std::make_shared<StartConfig>(*base);
      own->format = format;
      start = std::move(own);
    }
    net::WsClient::connect(strand, client_options(*opts),
                           [opts, start, handlers = std::move(handlers),
                            done = std::move(done)](net::ConnectResult r) mutable {
                             if (!r) return done(common::unexpected(from_connect_error(r.error())));
                             auto leg = std::make_shared<LiveLeg>(
                                 std::move(*r), std::move(handlers), opts, start, kSteadyClock);
                             leg->start();
                             done(std::shared_ptr<ai::AiLeg>(std::move(leg)));
                           });
  };
}

LiveLeg::LiveLeg(std::shared_ptr<net::WsConnection> ws, Handlers handlers,
                 std::shared_ptr<const LiveOptions> options,
                 std::shared_ptr<const StartConfig> session, const common::Clock& clock)
    : ws_(std::move(ws)),
      handlers_(std::move(handlers)),
      options_(std::move(options)),
      session_(std::move(session)),
      clock_(clock),
      translator_(translator_options(*options_)),
      timer_(ws_->get_executor()) {}

void LiveLeg::start() {
  std::weak_ptr<LiveLeg> weak = weak_from_this();
  ws_->start({[weak](std::string_view text) {
                if (auto self = weak.lock()) self->on_text(text);
              },
              [weak](const net::CloseInfo& info) {
                if (auto self = weak.lock()) self->on_close(info);
              }});
}

void LiveLeg::configure() {
  LiveOutput out;
  translator_.start(*session_, out);
  apply(std::move(out));
}

bool LiveLeg::append_audio(std::string_view payload_b64) {
  LiveOutput out;
  if (!translator_.send(InputAudioAppend{std::string(payload_b64)}, out)) return false;
  hear_caller(payload_b64);
  if (out.sends.empty()) return true;  // queued until session.started
  return ws_->send(encode(out.sends.front()));
}

// What the meter heard goes to the core after this call returns: the core
// is inside its own handler when it appends (no re-entry).
void LiveLeg::hear_caller(std::string_view payload_b64) {
  LiveOutput heard;
  translator_.hear_caller(clock_.now(), payload_b64, heard);
  if (heard.events.empty()) return;
  boost::asio::post(ws_->get_executor(),
                    [weak = weak_from_this(), heard = std::move(heard)]() mutable {
                      if (auto self = weak.lock()) self->apply(std::move(heard));
                    });
}

void LiveLeg::add_text(ai::Speaker speaker, std::string_view text) {
  LiveOutput out;
  translator_.add_text(speaker, text, out);
  apply(std::move(out));
}

void LiveLeg::function_output(std::string_view call_id, std::string_view output) {
  LiveOutput out;
  translator_.function_output(call_id, output, out);
  apply(std::move(out));
}

void LiveLeg::create_response(std::optional<std::string_view> instructions) {
  LiveOutput out;
  translator_.create_response(instructions, out);
  apply(std::move(out));
}

void LiveLeg::close() {
  if (closed_by_us_) return;
  closed_by_us_ = true;
  LiveOutput out;
  translator_.close(out);
  close_by_ = clock_.now() + options_->close_wait;
  if (ws_->is_open()) self_while_closing_ = shared_from_this();  // released in on_close
  apply(std::move(out));
  arm_timer();
}

bool LiveLeg::is_open() const {
  return ws_->is_open() && !closed_by_us_ && !reported_;
}

void LiveLeg::on_text(std::string_view text) {
  if (reported_) return;
  auto parsed = parse_server_event(text);
  if (!parsed) {
    if (closed_by_us_) return;
    if (handlers_.on_bad_message) handlers_.on_bad_message(realtime::to_string(parsed.error()));
    // BEHAVIOUR 5: malformed messages past a threshold are an AI-leg failure.
    if (++bad_in_a_row_ >= options_->malformed_threshold) {
      report({"protocol", std::to_string(bad_in_a_row_) + " malformed messages in a row", false});
      ws_->close(1000, "protocol");
    }
    return;
  }
  bad_in_a_row_ = 0;
  LiveOutput out;
  translator_.on_event(std::move(*parsed), clock_.now(), out);
  apply(std::move(out));
  arm_timer();
}

void LiveLeg::on_close(const net::CloseInfo& info) {
  timer_.cancel();
  auto keep = std::move(self_while_closing_);  // this may be the last reference
  if (closed_by_us_ || reported_) return;
  // 1008: the server refuses this client (RFC 6455 7.4.1); a redial is the same.
  const bool timeout = info.kind == net::CloseInfo::Kind::kTimeout;
  std::string description =
      (timeout ? "timeout" : "closed") + std::string(" close_code=") + std::to_string(info.code);
  std::string why = info.reason.empty() ? info.ec.message() : info.reason;
  if (!why.empty()) description += ": " + why;
  if (!session_id().empty()) description += " (session " + session_id() + ")";
  report({timeout ? "timeout" : "closed", std::move(description),
          info.kind == net::CloseInfo::Kind::kNormal && info.code == 1008});
}

// Sends first (queued events go out before what SessionReady triggers),
// then events, then the failure, then the socket.
void LiveLeg::apply(LiveOutput&& out) {
  for (const auto& e : out.sends) ws_->send(encode(e));
  auto self = shared_from_this();  // a handler may drop the shell's reference
  for (auto& e : out.events) {
    if (closed_by_us_ || reported_) break;
    if (handlers_.on_event) handlers_.on_event(std::move(e));
  }
  if (out.failure) report(*out.failure);
  if (out.close_socket) {
    ws_->close(1000, closed_by_us_ ? "call ended" : "session ended");
    // Nothing more to wait for: the socket closes on its own, and its close
    // is not reported after our own (else the leg would keep itself alive).
    self_while_closing_.reset();
  }
}

void LiveLeg::report(const ai::AiFailure& failure) {
  // At most once, and never after close() (ai/ai_leg.hpp).
  if (reported_ || closed_by_us_) return;
  reported_ = true;
  if (handlers_.on_failure) handlers_.on_failure(failure);
}

void LiveLeg::arm_timer() {
  std::optional<common::TimePoint> at = translator_.deadline();
  if (close_by_ && (!at || *close_by_ < *at)) at = close_by_;
  if (!at || !ws_->is_open() || at == timer_at_) return;
  timer_at_ = at;
  // The clock is the steady clock outside tests; its time points are the timer's.
  timer_.expires_at(*at);
  std::weak_ptr<LiveLeg> weak = weak_from_this();
  timer_.async_wait([weak](boost::system::error_code ec) {
    if (auto self = weak.lock()) self->on_timer(ec);
  });
}

void LiveLeg::on_timer(boost::system::error_code ec) {
  if (ec) return;  // cancelled: re-armed or closed
  timer_at_.reset();
  const common::TimePoint now = clock_.now();
  if (close_by_ && now >= *close_by_) {
    ws_->close(1000, "call ended");  // PROTOCOLS-LIVE 8: no session.closed in time
    self_while_closing_.reset();
    return;
  }
  LiveOutput out;
  translator_.poll(now, out);
  apply(std::move(out));
  arm_timer();
}

}  // namespace voxgate::live
