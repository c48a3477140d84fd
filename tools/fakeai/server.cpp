#include "fakeai/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/url/parse.hpp>
#include <deque>
#include <mutex>
#include <optional>

#include "fakeai/fake_session.hpp"

namespace voxgate::fakeai {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {
constexpr size_t kMaxQueuedWrites = 4096;  // a client this far behind is dropped
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);
class Connection;
}  // namespace

struct FakeAiServer::Impl {
  Impl(asio::io_context& ioc, Script s)
      : ioc(ioc), acceptor(asio::make_strand(ioc)), script(std::move(s)) {}
  asio::io_context& ioc;
  tcp::acceptor acceptor;
  const Script script;
  mutable std::mutex mu;  // guards everything below
  Stats totals;
  uint64_t accepted = 0;
  bool stopped = false;
  std::vector<std::weak_ptr<Connection>> live;

  void merge(const Stats& s) {
    std::lock_guard lock(mu);
    totals.merge(s);
  }
};

namespace {

// One client connection: HTTP upgrade checks, then the WebSocket loop on its strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::shared_ptr<FakeAiServer::Impl> srv, uint64_t index)
      : ws_(std::move(socket)), timer_(ws_.get_executor()), srv_(std::move(srv)), index_(index) {}

  void run() {
    beast::get_lowest_layer(ws_).expires_after(kHandshakeTimeout);
    http::async_read(
        beast::get_lowest_layer(ws_), buf_, req_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_request(ec); });
  }

  // Called from any thread: hops onto the strand.
  void shutdown() {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->drop(); });
  }

 private:
  void on_request(beast::error_code ec) {
    if (ec) return drop();
    auto url = boost::urls::parse_origin_form(req_.target());
    std::string name;
    if (url) {
      auto it = url->params().find("script");
      if (it != url->params().end()) name = (*it).value;
    }
    script_ = &srv_->script.select(name, index_);
    const bool faults =
        (script_->fault_connections == 0 ||
         index_ <= static_cast<uint64_t>(script_->fault_connections)) &&
        (script_->fault_every == 0 || index_ % static_cast<uint64_t>(script_->fault_every) == 0);
    if (!websocket::is_upgrade(req_)) return refuse(http::status::bad_request);
    if (script_->refuse_connections && faults) return refuse(http::status::service_unavailable);
    if (!script_->require_auth.empty() &&
        req_[http::field::authorization] != "Bearer " + script_->require_auth)
      return refuse(http::status::unauthorized);
    const bool beta = req_["OpenAI-Beta"].find("realtime=v1") != std::string_view::npos;
    dialect_ =
        beta || script_->dialect == ScriptDialect::kBeta ? rt::Dialect::kBeta : rt::Dialect::kGA;
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(req_, [self = shared_from_this(), faults](beast::error_code ec) {
      self->on_accept(ec, faults);
    });
  }

  void refuse(http::status status) {
    Stats s;
    s.refused = 1;
    srv_->merge(s);
    auto res = std::make_shared<http::response<http::string_body>>(status, req_.version());
    res->set(http::field::content_type, "application/json");
    res->body() = "{\"error\":{\"message\":\"fakeai refused the connection\"}}";
    res->keep_alive(false);
    res->prepare_payload();
    http::async_write(
        beast::get_lowest_layer(ws_), *res,
        [self = shared_from_this(), res](beast::error_code, size_t) { self->drop(); });
  }

  void on_accept(beast::error_code ec, bool faults) {
    if (ec) return drop();
    Stats s;
    s.connections = 1;
    srv_->merge(s);
    session_.emplace(*script_, faults, std::chrono::steady_clock::now());
    perform(session_->start());
    do_read();
  }

  void do_read() {
    ws_.async_read(
        buf_, [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec || done_) return drop();
    std::string text = beast::buffers_to_string(buf_.data());
    buf_.consume(buf_.size());
    perform(session_->on_client_text(text, std::chrono::steady_clock::now()));
    do_read();
  }

  void arm_timer() {
    auto deadline = session_->next_deadline();
    if (!deadline || done_) return;
    if (armed_ && *armed_ == *deadline) return;
    armed_ = deadline;
    timer_.expires_at(*deadline);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // re-armed or stopped
      self->armed_.reset();
      self->perform(self->session_->on_timer(std::chrono::steady_clock::now()));
    });
  }

  // Turns FakeSession actions into writes or a close, then merges its stats.
  void perform(std::vector<Action> actions) {
    // Merge first so a client that has seen an event also sees it counted.
    if (session_) srv_->merge(session_->take_stats());
    for (auto& a : actions) {
      if (a.kind == Action::Kind::kClose) {
        close_code_ = a.close_code;
        if (a.close_code == 0) return drop();  // abrupt: no close frame
        if (queue_.empty()) start_close();
        break;
      }
      enqueue(a.kind == Action::Kind::kSend ? rt::encode(a.event, dialect_) : std::move(a.raw));
    }
    arm_timer();
  }

  void enqueue(std::string text) {
    if (done_) return;
    if (queue_.size() >= kMaxQueuedWrites) return drop();  // bounded: slow client is dropped
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) do_write();
  }

  void do_write() {
    ws_.text(true);
    ws_.async_write(
        asio::buffer(queue_.front()),
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    if (ec) return drop();
    queue_.pop_front();
    if (!queue_.empty()) return do_write();
    if (close_code_ && !closing_) start_close();
  }

  void start_close() {
    closing_ = true;
    ws_.async_close(websocket::close_code(static_cast<uint16_t>(*close_code_)),
                    [self = shared_from_this()](beast::error_code) { self->drop(); });
  }

  void drop() {
    if (done_) return;
    done_ = true;
    timer_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (session_) srv_->merge(session_->take_stats());
  }

  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer timer_;
  std::shared_ptr<FakeAiServer::Impl> srv_;
  const uint64_t index_;
  beast::flat_buffer buf_;
  http::request<http::string_body> req_;
  const CallScript* script_ = nullptr;
  rt::Dialect dialect_ = rt::Dialect::kGA;
  std::optional<FakeSession> session_;
  std::deque<std::string> queue_;
  std::optional<common::TimePoint> armed_;
  std::optional<int> close_code_;
  bool closing_ = false, done_ = false;
};

void do_accept(const std::shared_ptr<FakeAiServer::Impl>& impl) {
  impl->acceptor.async_accept(
      asio::make_strand(impl->ioc), [impl](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !impl->acceptor.is_open()) return;
        if (!ec) {
          std::shared_ptr<Connection> conn;
          {
            std::lock_guard lock(impl->mu);
            if (impl->stopped) return;
            beast::error_code ignored;  // small frames: no Nagle delay
            socket.set_option(tcp::no_delay(true), ignored);
            conn = std::make_shared<Connection>(std::move(socket), impl, ++impl->accepted);
            std::erase_if(impl->live, [](const auto& w) { return w.expired(); });
            impl->live.push_back(conn);
          }
          conn->run();
        }
        do_accept(impl);
      });
}

}  // namespace

FakeAiServer::FakeAiServer(asio::io_context& ioc, Script script, std::string host, uint16_t port)
    : impl_(std::make_shared<Impl>(ioc, std::move(script))) {
  tcp::endpoint ep(asio::ip::make_address(host), port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  port_ = impl_->acceptor.local_endpoint().port();
  do_accept(impl_);
}

FakeAiServer::~FakeAiServer() {
  stop();
}

void FakeAiServer::stop() {
  std::vector<std::weak_ptr<Connection>> live;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
    live.swap(impl_->live);
  }
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  for (auto& w : live)
    if (auto c = w.lock()) c->shutdown();
}

Stats FakeAiServer::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->totals;
}

}  // namespace voxgate::fakeai
