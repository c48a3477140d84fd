#include "config/host_port.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace voxgate::config {

std::optional<HostPort> parse_host_port(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // IPv6 needs brackets: "[::1]:9464"
  }
  unsigned n = 0;
  const auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (port.empty() || ec != std::errc() || p != port.data() + port.size() || n > 65535) {
    return std::nullopt;
  }
  boost::system::error_code bad_address;
  boost::asio::ip::make_address(std::string(host), bad_address);
  if (bad_address) return std::nullopt;
  return HostPort{std::string(host), static_cast<uint16_t>(n)};
}

}  // namespace voxgate::config
