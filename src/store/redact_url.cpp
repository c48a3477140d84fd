#include "store/redact_url.hpp"

namespace voxgate::store {
namespace {

constexpr std::string_view kMask = "***";

// The user info's password: from the first ':' of the authority to its last
// '@'. The last, not the first: a password with an unescaped '@' is hidden
// whole. The authority ends at the first '/', '?' or '#' after "://".
std::string redact_user_info(std::string url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const size_t start = scheme_end + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  const size_t at = url.rfind('@', end);
  if (at == std::string::npos || at < start) return url;
  const size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return url;
  return url.replace(colon + 1, at - colon - 1, kMask);
}

// Each `password=` query parameter's value, up to the next '&' or '#'.
std::string redact_query(std::string url) {
  const size_t query = url.find('?');
  if (query == std::string::npos) return url;
  for (size_t at = query; at != std::string::npos && at < url.size();) {
    const size_t name = at + 1;
    if (url.compare(name, 9, "password=") == 0) {
      const size_t value = name + 9;
      size_t end = url.find_first_of("&#", value);
      if (end == std::string::npos) end = url.size();
      url.replace(value, end - value, kMask);
    }
    at = url.find('&', name);
  }
  return url;
}

}  // namespace

std::string redact_url(std::string_view url) {
  return redact_query(redact_user_info(std::string(url)));
}

}  // namespace voxgate::store
