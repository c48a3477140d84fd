#include "app/demo_summary.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <sstream>
#include <thread>

namespace voxgate::app {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

struct Fetched {
  unsigned status = 0;  // 0: no answer
  std::string body;
};

// One GET over loopback, as curl would; never throws.
Fetched get(uint16_t port, const std::string& target, const std::string& token) {
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(stream, buf, res);
    return {res.result_int(), res.body()};
  } catch (const std::exception&) {
    return {};
  }
}

// The record once written (the writer is off-thread): polls briefly.
Fetched get_record(uint16_t port, const std::string& id, const std::string& token) {
  Fetched r;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    r = get(port, "/api/calls/" + id, token);
    if (r.status == 200 && r.body.find("\"live\":false") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < until);
  return r;
}

}  // namespace

std::string histogram_counts(const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    const auto space = line.rfind(' ');
    if (line.empty() || line[0] == '#' || space == std::string::npos) continue;
    const std::string name = line.substr(0, space);
    const std::string suffix = "_count";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out << "    " << name.substr(0, name.size() - suffix.size()) << ": " << line.substr(space + 1)
          << " observations\n";
    }
  }
  return out.str();
}

bool print_served_summary(uint16_t port, const std::string& call_id, const std::string& api_token,
                          std::ostream& out) {
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const Fetched metrics = get(port, "/metrics", "");
  out << "\n=== what an operator sees ===\n  curl " << base << "/metrics  -> HTTP "
      << metrics.status << "; histograms:\n"
      << histogram_counts(metrics.body);
  const Fetched record = get_record(port, call_id, api_token);
  out << "  curl -H 'Authorization: Bearer ...' " << base << "/api/calls/" << call_id
      << "  -> HTTP " << record.status << "\n";
  if (record.status != 200) return false;
  boost::system::error_code ec;
  const json::value v = json::parse(record.body, ec);
  if (ec || !v.is_object()) return false;
  const auto& o = v.as_object();
  const auto* reason = o.if_contains("end_reason");
  const auto* turns = o.if_contains("turns");
  const auto* events = o.if_contains("events");
  out << "    end reason: " << (reason && reason->is_string() ? reason->as_string().c_str() : "?")
      << "; turns: " << (turns && turns->is_array() ? turns->as_array().size() : 0)
      << "; events: " << (events && events->is_array() ? events->as_array().size() : 0) << "\n";
  return metrics.status == 200;
}

}  // namespace voxgate::app
