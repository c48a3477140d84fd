#pragma once
// Cross-site request checks for the dashboard's state-changing requests
// (OWASP CSRF cheat sheet): the browser's Origin (and Sec-Fetch-Site, where
// sent) must name this server, and the request must carry the session's CSRF
// token in X-CSRF-Token (a header a cross-site form cannot set). Pure.

#include <string_view>

#include "net/router.hpp"

namespace voxgate::server {

// False when Origin is present and is not http(s)://<Host>, or when
// Sec-Fetch-Site says cross-site. A request with neither is not from a
// browser page of another site (browsers send Origin on every POST).
bool same_origin(const net::HttpRequest& req);
// same_origin() and X-CSRF-Token equal (constant time) to `expected`.
bool csrf_ok(const net::HttpRequest& req, std::string_view expected);

}  // namespace voxgate::server
