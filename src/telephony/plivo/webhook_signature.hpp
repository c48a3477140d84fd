#pragma once
// Plivo's V3 webhook signature (Plivo "Validating requests"; the SDKs'
// validate_v3_signature): `X-Plivo-Signature-V3` is
// base64(HMAC-SHA256(auth_token, BASE + "." + NONCE)) with the nonce from
// `X-Plivo-Signature-V3-Nonce`, where BASE is the URL Plivo requested
// (scheme://host/path) followed by
// - GET:  "?" + the query parameters sorted ("k=v&k=v"), when there are any;
// - POST: "?" + the sorted query (possibly empty), then "." when there is a
//   query, then the POST parameters sorted and concatenated ("kvkv"), when
//   there are any POST parameters (without either, BASE is the bare URL).
// Sorting is by name, then by value. The header may hold several
// comma-separated signatures (one per auth token in rotation): any may match.
// Pure; safe on any thread.

#include <string>
#include <string_view>

#include "telephony/caller_leg.hpp"

namespace voxgate::telephony::plivo {

inline constexpr std::string_view kSignatureHeader = "X-Plivo-Signature-V3";
inline constexpr std::string_view kNonceHeader = "X-Plivo-Signature-V3-Nonce";

struct SignedRequest {
  std::string_view method;    // "GET" or "POST"
  std::string_view base_url;  // scheme://host[:port]/path, no query
  Parameters query;           // decoded query parameters
  Parameters post;            // decoded form parameters (POST)
};

std::string signature_v3(std::string_view auth_token, const SignedRequest& req,
                         std::string_view nonce);
// Constant-time per candidate; false for an empty header or nonce.
bool verify_signature_v3(std::string_view auth_token, const SignedRequest& req,
                         std::string_view nonce, std::string_view header_value);

}  // namespace voxgate::telephony::plivo
