#include "bridge/tool_signature.hpp"

#include "common/digest.hpp"

namespace voxgate::bridge {

std::string tool_signature(std::string_view secret, std::string_view timestamp,
                           std::string_view body) {
  std::string data;
  data.reserve(timestamp.size() + 1 + body.size());
  data.append(timestamp).append(".").append(body);
  const std::string mac = common::hmac_sha256(secret, data);
  if (mac.empty()) return {};
  return "sha256=" + common::to_hex(mac);
}

bool verify_tool_signature(std::string_view secret, std::string_view timestamp,
                           std::string_view body, std::string_view header_value) {
  const std::string expected = tool_signature(secret, timestamp, body);
  return !expected.empty() && common::equal_constant_time(header_value, expected);
}

}  // namespace voxgate::bridge
