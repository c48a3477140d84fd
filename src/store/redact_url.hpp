#pragma once
// The database URL as it may be shown: in logs, errors and check-config.
// A postgresql:// URL may carry a password (STYLE.md: never log secrets).

#include <string>
#include <string_view>

namespace voxgate::store {

// `url` with its password replaced by "***": the password of the user info
// (scheme://user:PASSWORD@host) and the value of a `password=` query
// parameter. Text that holds neither comes back unchanged.
std::string redact_url(std::string_view url);

}  // namespace voxgate::store
