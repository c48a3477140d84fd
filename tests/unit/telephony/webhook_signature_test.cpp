// The carriers' webhook signature checks against vectors computed apart from
// voxgate: with the openssl CLI (Telnyx's Ed25519 signature, Plivo's and
// SignalWire's HMACs) and Python's hmac/hashlib (Vonage's JWT). The commands
// are beside each vector.

#include "telephony/plivo/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <string>

#include "telephony/signalwire/webhook_signature.hpp"
#include "telephony/telnyx/webhook_signature.hpp"
#include "telephony/vonage/webhook_signature.hpp"

namespace voxgate::telephony {
namespace {

// openssl genpkey -algorithm ed25519 -out tx.pem
// openssl pkey -in tx.pem -pubout -outform DER | tail -c 32 | base64
constexpr char kTelnyxKey[] = "ZezrG97AhJmCNS5PdNFaAGwlDhENKm9PE5H77yKo8VI=";
constexpr char kTelnyxBody[] = R"({"data":{"event_type":"call.initiated"}})";
// printf '%s' '1700000000|BODY' > tx.msg
// openssl pkeyutl -sign -inkey tx.pem -rawin -in tx.msg | base64 -w0
constexpr char kTelnyxSig[] =
    "hbCii5Y3iOw4FBLm5dgCGcy+MzBsqbV3RSmtsVoZuCCLJ2ptuyQFd6HYJY2Hjd5hirhkmNa3pbVRmZ2Rph2lCA==";
constexpr int64_t kSignedAt = 1700000000;

TEST(TelnyxWebhookSignature, AcceptsTheSignatureOverTimestampAndBody) {
  EXPECT_TRUE(telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", kTelnyxBody, kTelnyxSig,
                                               kSignedAt + 10));
}

TEST(TelnyxWebhookSignature, RefusesAnotherBodyTimestampOrKey) {
  const std::string body = std::string(kTelnyxBody) + " ";
  EXPECT_FALSE(
      telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", body, kTelnyxSig, kSignedAt));
  EXPECT_FALSE(telnyx::verify_webhook_signature(kTelnyxKey, "1700000001", kTelnyxBody, kTelnyxSig,
                                                kSignedAt));
  // Another valid key (RFC 8032 7.1 test 1's public key).
  EXPECT_FALSE(telnyx::verify_webhook_signature("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
                                                "1700000000", kTelnyxBody, kTelnyxSig, kSignedAt));
}

TEST(TelnyxWebhookSignature, RefusesAStaleOrFutureTimestamp) {
  EXPECT_TRUE(telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", kTelnyxBody, kTelnyxSig,
                                               kSignedAt + telnyx::kTimestampToleranceS));
  EXPECT_FALSE(telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", kTelnyxBody, kTelnyxSig,
                                                kSignedAt + telnyx::kTimestampToleranceS + 1));
  EXPECT_FALSE(telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", kTelnyxBody, kTelnyxSig,
                                                kSignedAt - telnyx::kTimestampToleranceS - 1));
}

TEST(TelnyxWebhookSignature, RefusesMalformedInputWithoutThrowing) {
  EXPECT_FALSE(telnyx::verify_webhook_signature(kTelnyxKey, "", kTelnyxBody, kTelnyxSig, 0));
  EXPECT_FALSE(telnyx::verify_webhook_signature(kTelnyxKey, "17e8", kTelnyxBody, kTelnyxSig, 0));
  EXPECT_FALSE(
      telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", kTelnyxBody, "", kSignedAt));
  EXPECT_FALSE(
      telnyx::verify_webhook_signature(kTelnyxKey, "1700000000", kTelnyxBody, "!!!!", kSignedAt));
  EXPECT_FALSE(telnyx::verify_webhook_signature("c2hvcnQ=", "1700000000", kTelnyxBody, kTelnyxSig,
                                                kSignedAt));
}

// python3: b64u = urlsafe_b64encode(..).rstrip(b'='); header {"alg":"HS256","typ":"JWT"};
// claims {"iat":1700000000,"jti":..,"iss":"Vonage","payload_hash":sha256(BODY).hexdigest(),
// "application_id":"app-1"}; sig = b64u(hmac.new(SECRET, h+"."+p, sha256).digest())
constexpr char kVonageSecret[] = "vonage-signature-secret";
constexpr char kVonageBody[] =
    R"({"uuid":"63f61863-4a51-4f6b-86e1-46edebcf9356","conversation_uuid":"CON-1"})";
constexpr char kVonageSigned[] =
    "Bearer "
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpYXQiOjE3MDAwMDAwMDAsImp0aSI6IjBmMmQxZTlhIiwiaXNzIjoiVm9uYWdlIiwicGF5bG9hZF9oYXNoIjoiODVjZ"
    "WUwNTkwYmY2ZWFiNjFhZjY4ZjIzZTM3MDJkNjY1ZTgxZTg0MmI5ZWQ3Yzk2OWVlNzdjMmMyNWNjMmMyMSIsImFwcGxpY2F"
    "0aW9uX2lkIjoiYXBwLTEifQ.JSdvwN7cdBBaKpB5VketsPKDx-ObkjvYCly8Ez9byU0";
// The same without payload_hash (a GET answer webhook has no body).
constexpr char kVonageGet[] =
    "Bearer "
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpYXQiOjE3MDAwMDAwMDAsImp0aSI6IjFhMmIiLCJpc3MiOiJWb25hZ2UiLCJhcHBsaWNhdGlvbl9pZCI6ImFwcC0xIn"
    "0."
    "4uReGzcLxQIhyvmaiY2V3M2pbvTq7HQlg-dNcSuH6SQ";

TEST(VonageSignedWebhook, AcceptsTheJwtAndItsPayloadHash) {
  EXPECT_TRUE(
      vonage::verify_signed_webhook(kVonageSecret, kVonageSigned, kVonageBody, kSignedAt + 5));
  EXPECT_TRUE(vonage::verify_signed_webhook(kVonageSecret, kVonageGet, "", kSignedAt + 5));
}

TEST(VonageSignedWebhook, RefusesAnotherBodySecretOrTamperedToken) {
  EXPECT_FALSE(vonage::verify_signed_webhook(kVonageSecret, kVonageSigned,
                                             std::string(kVonageBody) + " ", kSignedAt));
  EXPECT_FALSE(vonage::verify_signed_webhook("other", kVonageSigned, kVonageBody, kSignedAt));
  std::string tampered = kVonageSigned;
  tampered.back() = tampered.back() == 'U' ? 'V' : 'U';
  EXPECT_FALSE(vonage::verify_signed_webhook(kVonageSecret, tampered, kVonageBody, kSignedAt));
  // alg "none" (RFC 8725 2.1): never accepted, whatever follows.
  EXPECT_FALSE(vonage::verify_signed_webhook(
      kVonageSecret, "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpYXQiOjE3MDAwMDAwMDB9.", "",
      kSignedAt));
}

TEST(VonageSignedWebhook, RefusesAStaleTokenAndMalformedHeaders) {
  EXPECT_FALSE(vonage::verify_signed_webhook(kVonageSecret, kVonageGet, "",
                                             kSignedAt + vonage::kIssuedAtToleranceS + 1));
  for (const char* bad :
       {"", "Bearer", "Bearer a.b", "Bearer a.b.c.d", "Basic abc", "Bearer !!.??.**"}) {
    EXPECT_FALSE(vonage::verify_signed_webhook(kVonageSecret, bad, "", kSignedAt)) << bad;
  }
  EXPECT_FALSE(vonage::verify_signed_webhook("", kVonageGet, "", kSignedAt));
}

// printf '%s' "$BASE.$NONCE" | openssl dgst -sha256 -hmac plivo-auth-token -binary | base64
constexpr char kPlivoToken[] = "plivo-auth-token";
constexpr char kNonce[] = "05429567804466091622";
constexpr char kPlivoUrl[] = "https://voxgate.example/answer/plivo";
const Parameters kPlivoPost{
    {"To", "+14155550199"}, {"CallUUID", "abc-123"}, {"From", "+14155550100"}};

TEST(PlivoSignatureV3, PostSignsTheSortedParametersAfterTheUrl) {
  // BASE = https://voxgate.example/answer/plivo?CallUUIDabc-123From+14155550100To+14155550199
  const plivo::SignedRequest req{"POST", kPlivoUrl, {}, kPlivoPost};
  EXPECT_EQ(plivo::signature_v3(kPlivoToken, req, kNonce),
            "D49Yw3m1CNcZ79RAqFE+CBC2Z97tf1gPPkwgGhahhrU=");
  // BASE = https://voxgate.example/answer/plivo?x=1.CallUUIDabc-123
  const plivo::SignedRequest with_query{"POST", kPlivoUrl, {{"x", "1"}}, {{"CallUUID", "abc-123"}}};
  EXPECT_EQ(plivo::signature_v3(kPlivoToken, with_query, kNonce),
            "e48Hwh6xxejFIfDs8pMJTb+DrKvGtrMZc5J996hBFc8=");
}

TEST(PlivoSignatureV3, GetSignsTheSortedQuery) {
  // BASE = https://voxgate.example/answer/plivo?a=1&b=2
  const plivo::SignedRequest req{"GET", kPlivoUrl, {{"b", "2"}, {"a", "1"}}, {}};
  EXPECT_EQ(plivo::signature_v3(kPlivoToken, req, kNonce),
            "eoFG6Fv9/ptopqPQcWLl6nWz6l/p2mElH2eBIqSUaXk=");
}

TEST(PlivoSignatureV3, AnyOfSeveralCommaSeparatedSignaturesMatches) {
  const plivo::SignedRequest req{"POST", kPlivoUrl, {}, kPlivoPost};
  const std::string good = "D49Yw3m1CNcZ79RAqFE+CBC2Z97tf1gPPkwgGhahhrU=";
  EXPECT_TRUE(plivo::verify_signature_v3(kPlivoToken, req, kNonce, good));
  EXPECT_TRUE(plivo::verify_signature_v3(kPlivoToken, req, kNonce, "old-signature=, " + good));
  EXPECT_FALSE(plivo::verify_signature_v3(kPlivoToken, req, kNonce, "old-signature="));
  EXPECT_FALSE(plivo::verify_signature_v3(kPlivoToken, req, "1", good));  // another nonce
  EXPECT_FALSE(plivo::verify_signature_v3(kPlivoToken, req, "", good));
  EXPECT_FALSE(plivo::verify_signature_v3("other", req, kNonce, good));
  const plivo::SignedRequest changed{"POST", kPlivoUrl, {}, {{"CallUUID", "abc-124"}}};
  EXPECT_FALSE(plivo::verify_signature_v3(kPlivoToken, changed, kNonce, good));
}

// printf '%s' 'https://voxgate.example/answer/signalwireCallSidCA1From+14155550100' |
//   openssl dgst -sha1 -hmac signalwire-signing-key -binary | base64
TEST(SignalWireSignature, IsTwiliosAlgorithmWithTheSigningKey) {
  const Parameters params{{"From", "+14155550100"}, {"CallSid", "CA1"}};
  const char* url = "https://voxgate.example/answer/signalwire";
  EXPECT_TRUE(signalwire::verify_webhook_signature("signalwire-signing-key", url, params,
                                                   "NqOqmuaNgfTdrFrEj4oxUwpYUug="));
  EXPECT_FALSE(signalwire::verify_webhook_signature("other-key", url, params,
                                                    "NqOqmuaNgfTdrFrEj4oxUwpYUug="));
  EXPECT_FALSE(signalwire::verify_webhook_signature("signalwire-signing-key", url, params, ""));
}

// The signed URL with or without the default port, either way round:
// printf '%s' 'https://voxgate.example:443/answer/signalwireCallSidCA1From+14155550100' |
//   openssl dgst -sha1 -hmac signalwire-signing-key -binary | base64
TEST(SignalWireSignature, TheUrlIsTriedWithAndWithoutItsDefaultPort) {
  const Parameters params{{"From", "+14155550100"}, {"CallSid", "CA1"}};
  const std::string with_port = "egX+KGe8j3pqa2cGY5uN+8VCQUA=";  // signed with :443
  const std::string without = "NqOqmuaNgfTdrFrEj4oxUwpYUug=";    // signed without
  for (const char* url : {"https://voxgate.example/answer/signalwire",
                          "https://voxgate.example:443/answer/signalwire"}) {
    EXPECT_TRUE(
        signalwire::verify_webhook_signature("signalwire-signing-key", url, params, with_port))
        << url;
    EXPECT_TRUE(
        signalwire::verify_webhook_signature("signalwire-signing-key", url, params, without))
        << url;
  }
  // Another port is signed as it is, and only so.
  const char* other = "https://voxgate.example:8443/answer/signalwire";
  EXPECT_TRUE(signalwire::verify_webhook_signature("signalwire-signing-key", other, params,
                                                   "8FadzNXVCoaGswXwREKhZh73J8Q="));
  EXPECT_FALSE(
      signalwire::verify_webhook_signature("signalwire-signing-key", other, params, with_port));
  EXPECT_FALSE(
      signalwire::verify_webhook_signature("signalwire-signing-key", other, params, without));
}

TEST(SignalWireSignature, PortVariants) {
  using signalwire::port_variant;
  EXPECT_EQ(port_variant("https://h.example/a?b=1"), "https://h.example:443/a?b=1");
  EXPECT_EQ(port_variant("https://h.example:443/a"), "https://h.example/a");
  EXPECT_EQ(port_variant("http://127.0.0.1/twiml"), "http://127.0.0.1:80/twiml");
  EXPECT_EQ(port_variant("http://127.0.0.1:80/twiml"), "http://127.0.0.1/twiml");
  EXPECT_EQ(port_variant("https://[::1]/x"), "https://[::1]:443/x");
  EXPECT_EQ(port_variant("https://[::1]:443/x"), "https://[::1]/x");
  EXPECT_EQ(port_variant("https://h.example"), "https://h.example:443");
  EXPECT_FALSE(port_variant("https://h.example:8443/a"));
  EXPECT_FALSE(port_variant("ftp://h.example/a"));
  EXPECT_FALSE(port_variant("no scheme"));
}

}  // namespace
}  // namespace voxgate::telephony
