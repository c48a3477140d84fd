#pragma once
// TestHttpServer: a loopback HTTP(S) server for tests of webhook tools
// (docs/tools.md). Each request is recorded and answered by a handler that picks
// status, body and an optional delay (to provoke client timeouts) - the
// delay is an async timer, so the io_context keeps serving meanwhile.
// Header-only test code. Thread-safe: requests() may be read from any thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace voxgate::test {

class TestHttpServer {
 public:
  struct Request {
    std::string target;
    std::map<std::string, std::string> headers;  // names as sent
    std::string body;
  };
  struct Reply {
    int status = 200;
    std::string body = "{}";
    std::chrono::milliseconds delay{0};
  };
  using Handler = std::function<Reply(const Request&)>;

  // `tls`: serve HTTPS with this context (certificate and key loaded).
  TestHttpServer(boost::asio::io_context& io, Handler handler,
                 std::shared_ptr<boost::asio::ssl::context> tls = nullptr)
      : st_(std::make_shared<State>(io, std::move(handler), std::move(tls))) {
    accept(st_);
  }
  ~TestHttpServer() {
    boost::system::error_code ec;
    st_->acceptor.close(ec);
  }

  uint16_t port() const { return st_->acceptor.local_endpoint().port(); }
  std::string url(const std::string& path) const {
    return std::string(st_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) +
           path;
  }
  std::vector<Request> requests() const {
    std::lock_guard lock(st_->mu);
    return st_->requests;
  }

 private:
  using tcp = boost::asio::ip::tcp;
  struct State {
    State(boost::asio::io_context& io, Handler h, std::shared_ptr<boost::asio::ssl::context> t)
        : io(io),
          acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0}),
          handler(std::move(h)),
          tls(std::move(t)) {}
    boost::asio::io_context& io;
    tcp::acceptor acceptor;
    Handler handler;
    std::shared_ptr<boost::asio::ssl::context> tls;
    mutable std::mutex mu;
    std::vector<Request> requests;
  };

  template <typename Stream>
  struct Conn {
    template <typename... Args>
    explicit Conn(boost::asio::io_context& io, Args&&... args)
        : stream(std::forward<Args>(args)...), timer(io) {}
    Stream stream;
    boost::beast::flat_buffer buf;
    boost::beast::http::request<boost::beast::http::string_body> req;
    boost::beast::http::response<boost::beast::http::string_body> res;
    boost::asio::steady_timer timer;
  };

  static void accept(std::shared_ptr<State> st) {
    st->acceptor.async_accept([st](boost::system::error_code ec, tcp::socket sock) {
      if (ec) return;
      if (st->tls) {
        using S = boost::asio::ssl::stream<tcp::socket>;
        auto c = std::make_shared<Conn<S>>(st->io, std::move(sock), *st->tls);
        c->stream.async_handshake(boost::asio::ssl::stream_base::server,
                                  [st, c](boost::system::error_code ec) {
                                    if (!ec) read(st, c);
                                  });
      } else {
        read(st, std::make_shared<Conn<tcp::socket>>(st->io, std::move(sock)));
      }
      accept(st);
    });
  }

  template <typename C>
  static void read(std::shared_ptr<State> st, std::shared_ptr<C> c) {
    namespace http = boost::beast::http;
    http::async_read(c->stream, c->buf, c->req, [st, c](boost::system::error_code ec, size_t) {
      if (ec) return;
      Request r{std::string(c->req.target()), {}, c->req.body()};
      for (const auto& f : c->req) r.headers[std::string(f.name_string())] = std::string(f.value());
      {
        std::lock_guard lock(st->mu);
        st->requests.push_back(r);
      }
      Reply reply = st->handler(r);
      c->res = {static_cast<http::status>(reply.status), 11};
      c->res.set(http::field::content_type, "application/json");
      c->res.body() = reply.body;
      c->res.keep_alive(false);
      c->res.prepare_payload();
      c->timer.expires_after(reply.delay);
      c->timer.async_wait([c](boost::system::error_code) {
        http::async_write(c->stream, c->res, [c](boost::system::error_code, size_t) {
          boost::system::error_code ignored;
          boost::beast::get_lowest_layer(c->stream).close(ignored);
        });
      });
    });
  }

  std::shared_ptr<State> st_;
};

}  // namespace voxgate::test
