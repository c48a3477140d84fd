#include "net/http_client.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "net/client_target.hpp"

namespace voxgate::net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;
using Kind = HttpError::Kind;

std::string_view to_string(HttpError::Kind kind) {
  switch (kind) {
    case Kind::kBadUrl:
      return "bad_url";
    case Kind::kResolve:
      return "resolve";
    case Kind::kConnect:
      return "connect";
    case Kind::kTimeout:
      return "timeout";
    case Kind::kTls:
      return "tls";
    case Kind::kProtocol:
      return "protocol";
  }
  return "unknown";
}

namespace {

// One request; keeps itself alive through its handlers until `done` ran.
class PostOp : public std::enable_shared_from_this<PostOp> {
 public:
  PostOp(asio::any_io_executor ex, HttpPost req, std::shared_ptr<ssl::context> tls,
         std::size_t max_body, std::function<void(HttpResult)> done)
      : ex_(ex),
        req_(std::move(req)),
        tls_ctx_(std::move(tls)),
        done_(std::move(done)),
        resolver_(ex),
        timer_(ex) {
    parser_.body_limit(max_body);
  }

  void run() {
    if (!parse_url()) return;
    deadline_ = std::chrono::steady_clock::now() + req_.timeout;
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec) return;
      self->resolve_timed_out_ = true;
      self->resolver_.cancel();
    });
    resolver_.async_resolve(url_.host, url_.port,
                            beast::bind_front_handler(&PostOp::on_resolve, shared_from_this()));
  }

 private:
  bool parse_url() {
    auto t = parse_client_target(req_.url, "http", "https");
    if (!t) return fail(Kind::kBadUrl, t.error()), false;
    url_ = std::move(*t);
    if (url_.secure && !tls_ctx_) return fail(Kind::kTls, "no TLS trust store"), false;
    return true;
  }

  beast::tcp_stream& lowest() { return tls_ ? tls_->next_layer() : *plain_; }

  void on_resolve(error_code ec, tcp::resolver::results_type results) {
    timer_.cancel();
    if (ec) return fail(resolve_timed_out_ ? Kind::kTimeout : Kind::kResolve, ec.message());
    if (url_.secure) {
      tls_.emplace(ex_, *tls_ctx_);
    } else {
      plain_.emplace(ex_);
    }
    lowest().expires_at(deadline_);
    lowest().async_connect(results,
                           beast::bind_front_handler(&PostOp::on_connect, shared_from_this()));
  }

  void on_connect(error_code ec, const tcp::endpoint&) {
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "connect timed out");
    if (ec) return fail(Kind::kConnect, ec.message());
    if (!url_.secure) return write();
    SSL* ssl = tls_->native_handle();
    error_code addr_ec;
    asio::ip::make_address(url_.host, addr_ec);
    // SNI carries names only (RFC 6066 3); an IP literal is verified as such.
    if (addr_ec && !SSL_set_tlsext_host_name(ssl, url_.host.c_str())) {
      return fail(Kind::kTls, "cannot set SNI");
    }
    tls_->set_verify_callback(ssl::host_name_verification(url_.host));
    lowest().expires_at(deadline_);
    tls_->async_handshake(ssl::stream_base::client,
                          beast::bind_front_handler(&PostOp::on_handshake, shared_from_this()));
  }

  void on_handshake(error_code ec) {
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "TLS handshake timed out");
    if (ec) return fail(Kind::kTls, ec.message());
    write();
  }

  template <typename Stream>
  void write_on(Stream& s) {
    http::async_write(s, request_,
                      beast::bind_front_handler(&PostOp::on_write, shared_from_this()));
  }
  void write() {
    request_ = {http::verb::post, url_.target, 11};
    request_.set(http::field::host, url_.host_header);
    request_.set(http::field::user_agent, "voxgate");
    request_.set(http::field::content_type, req_.content_type);
    for (const auto& [name, value] : req_.headers) request_.set(name, value);
    request_.body() = std::move(req_.body);
    request_.keep_alive(false);
    request_.prepare_payload();
    lowest().expires_at(deadline_);
    if (tls_) return write_on(*tls_);
    write_on(*plain_);
  }

  template <typename Stream>
  void read_on(Stream& s) {
    http::async_read(s, buffer_, parser_,
                     beast::bind_front_handler(&PostOp::on_read, shared_from_this()));
  }
  void on_write(error_code ec, std::size_t) {
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "timed out sending the request");
    if (ec) return fail(Kind::kProtocol, ec.message());
    if (tls_) return read_on(*tls_);
    read_on(*plain_);
  }

  void on_read(error_code ec, std::size_t) {
    if (ec == beast::error::timeout) return fail(Kind::kTimeout, "timed out waiting for the reply");
    if (ec == http::error::body_limit) return fail(Kind::kProtocol, "reply body too large");
    if (ec) return fail(Kind::kProtocol, ec.message());
    auto& res = parser_.get();
    HttpReply reply;
    reply.status = static_cast<int>(res.result_int());
    if (auto it = res.find(http::field::content_type); it != res.end()) {
      reply.content_type = std::string(it->value());
    }
    reply.body = std::move(res.body());
    error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    finish(std::move(reply));
  }

  void fail(Kind kind, std::string message) {
    finish(common::unexpected(HttpError{kind, std::move(message)}));
  }
  void finish(HttpResult result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    timer_.cancel();
    done(std::move(result));
  }

  // passed in
  asio::any_io_executor ex_;
  HttpPost req_;
  std::shared_ptr<ssl::context> tls_ctx_;
  std::function<void(HttpResult)> done_;
  // owned
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<ssl::stream<beast::tcp_stream>> tls_;
  http::request<http::string_body> request_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  // state
  std::chrono::steady_clock::time_point deadline_;
  ClientTarget url_;
  bool resolve_timed_out_ = false;
};

}  // namespace

HttpClient::HttpClient(HttpClientOptions opts) : opts_(std::move(opts)) {
  boost::system::error_code ec;
  // On failure https requests fail with kTls; http still works.
  tls_ = make_client_tls(opts_.ca_file, opts_.verify_peer, ec);
}

HttpClient::~HttpClient() = default;

void HttpClient::post(asio::any_io_executor executor, HttpPost request,
                      std::function<void(HttpResult)> done) const {
  auto op =
      std::make_shared<PostOp>(executor, std::move(request), tls_, opts_.max_body, std::move(done));
  asio::post(executor, [op] { op->run(); });
}

}  // namespace voxgate::net
