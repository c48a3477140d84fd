#include "server/csrf_check.hpp"

#include <string>

#include "common/digest.hpp"

namespace voxgate::server {

namespace http = boost::beast::http;

bool same_origin(const net::HttpRequest& req) {
  const auto site = req.find("Sec-Fetch-Site");
  if (site != req.end() && site->value() == "cross-site") return false;
  const auto origin = req.find(http::field::origin);
  if (origin == req.end()) return true;
  const auto host = req.find(http::field::host);
  if (host == req.end()) return false;
  const std::string_view o = origin->value();
  const std::string h(host->value());
  return o == "http://" + h || o == "https://" + h;
}

bool csrf_ok(const net::HttpRequest& req, std::string_view expected) {
  if (!same_origin(req) || expected.empty()) return false;
  const auto got = req.find("X-CSRF-Token");
  return got != req.end() && common::equal_constant_time(got->value(), expected);
}

}  // namespace voxgate::server
