// Each carrier's answer webhook on the whole application (VoxgateApp) over
// real loopback sockets, with every carrier's webhook check configured: the
// signed webhook (GET or POST /answer/<carrier>) gets the carrier's document
// with a stream token; callsim, speaking that carrier's dialect and carrying
// the token the carrier's way, is admitted and bridged to fakeai and leaves a
// record; a forged signature gets 403 and is counted; a stream without the
// token is refused (BEHAVIOUR 0).

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <regex>

#include "app/voxgate_app.hpp"
#include "audio/base64.hpp"
#include "callsim/simulation.hpp"
#include "integration/app_fixture.hpp"
#include "telephony/plivo/webhook_signature.hpp"
#include "telephony/twilio/twiml.hpp"

namespace voxgate::testing {
namespace {

using callsim::Carrier;
using Params = std::vector<std::pair<std::string, std::string>>;

constexpr char kVonageSecret[] = "vonage-signature-secret-for-tests";
constexpr char kPlivoToken[] = "plivo-auth-token-for-tests";
constexpr char kSignalWireKey[] = "signalwire-signing-key-for-tests";

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Telnyx's side: an Ed25519 key pair; Telnyx signs "timestamp|body".
class TelnyxSigner {
 public:
  TelnyxSigner() {
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
    EVP_PKEY* raw = nullptr;
    EXPECT_EQ(EVP_PKEY_keygen_init(ctx.get()), 1);
    EXPECT_EQ(EVP_PKEY_keygen(ctx.get(), &raw), 1);
    key_.reset(raw);
  }
  std::string public_key_b64() const {
    uint8_t pub[32];
    size_t len = sizeof pub;
    EVP_PKEY_get_raw_public_key(key_.get(), pub, &len);
    return audio::base64_encode({pub, len});
  }
  std::string sign(const std::string& message) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    uint8_t sig[64];
    size_t len = sizeof sig;
    EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key_.get());
    EVP_DigestSign(md.get(), sig, &len, reinterpret_cast<const uint8_t*>(message.data()),
                   message.size());
    return audio::base64_encode({sig, len});
  }

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_{nullptr, &EVP_PKEY_free};
};

std::string base64url(std::string_view bytes) {
  std::string out =
      audio::base64_encode({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

// Vonage's side: a JWT signed HS256 with the signature secret.
std::string vonage_jwt(const std::string& secret, int64_t iat) {
  const std::string head = base64url(R"({"alg":"HS256","typ":"JWT"})");
  const std::string claims = base64url(R"({"iat":)" + std::to_string(iat) +
                                       R"(,"jti":"j1","iss":"Vonage","application_id":"a"})");
  const std::string signed_part = head + "." + claims;
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac, &len);
  return signed_part + "." + base64url({reinterpret_cast<const char*>(mac), len});
}

struct Answer {
  std::string stream_url;
  std::string token;
};

class CarrierAnswer : public AppFixture, public ::testing::WithParamInterface<Carrier> {
 protected:
  void SetUp() override {
    start_fake("response_seconds = 0.5\n");
    config_.server.telnyx_public_key = telnyx_.public_key_b64();
    config_.server.vonage_signature_secret = kVonageSecret;
    config_.server.plivo_auth_token = kPlivoToken;
    config_.server.signalwire_signing_key = kSignalWireKey;
    vox_ = std::make_unique<app::VoxgateApp>(config_);
    auto started = vox_->start();
    ASSERT_TRUE(started.ok()) << started.error();
    port_ = vox_->port();
  }
  void TearDown() override {
    if (vox_) vox_->stop();
    AppFixture::TearDown();
  }
  std::string carrier() const { return std::string(callsim::carrier_name(GetParam())); }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // The carrier's webhook for `call_id`, signed the carrier's way (`forge`:
  // with a wrong secret).
  http::request<http::string_body> webhook(const std::string& call_id, bool forge) const {
    const std::string path = "/answer/" + carrier();
    http::request<http::string_body> req{http::verb::post, path, 11};
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    switch (GetParam()) {
      case Carrier::kTelnyx: {
        req.body() = "CallSid=" + call_id + "&CallControlId=" + call_id + "&From=%2B1415";
        const std::string ts = std::to_string(unix_now());
        req.set("telnyx-timestamp", ts);
        req.set("telnyx-signature-ed25519", forge ? TelnyxSigner().sign(ts + "|" + req.body())
                                                  : telnyx_.sign(ts + "|" + req.body()));
        break;
      }
      case Carrier::kVonage:
        req.method(http::verb::get);
        req.target(path + "?uuid=" + call_id + "&conversation_uuid=CON-1");
        req.set(http::field::authorization,
                "Bearer " + vonage_jwt(forge ? "wrong" : kVonageSecret, unix_now()));
        break;
      case Carrier::kPlivo: {
        req.body() = "CallUUID=" + call_id + "&From=14155550100";
        const std::string url = base() + path;  // SignedRequest holds views
        const telephony::plivo::SignedRequest signed_req{
            "POST", url, {}, {{"CallUUID", call_id}, {"From", "14155550100"}}};
        req.set("X-Plivo-Signature-V3-Nonce", "98765");
        req.set("X-Plivo-Signature-V3",
                telephony::plivo::signature_v3(forge ? "wrong" : kPlivoToken, signed_req, "98765"));
        break;
      }
      case Carrier::kExotel:  // Exotel signs nothing: IP allow-list or basic auth in the URL
        req.method(http::verb::get);
        req.target(path + "?CallSid=" + call_id + "&CallFrom=09876543210");
        break;
      default:
        req.body() = "CallSid=" + call_id;
        req.set("X-SignalWire-Signature",
                telephony::twilio::twilio_signature(forge ? "wrong" : kSignalWireKey, base() + path,
                                                    {{"CallSid", call_id}}));
    }
    return req;
  }

  // The stream URL and token the document carries.
  static Answer read_answer(Carrier c, const std::string& doc) {
    std::smatch m;
    Answer a;
    if (c == Carrier::kVonage) {
      const auto ep = boost::json::parse(doc).at(0).at("endpoint").at(0);
      return {std::string(ep.at("uri").as_string()),
              std::string(ep.at("headers").at("voxgate_stream_token").as_string())};
    }
    if (c == Carrier::kExotel) {
      a.stream_url = std::string(boost::json::parse(doc).at("url").as_string());
    } else if (std::regex_search(doc, m, std::regex(R"re((ws://[^"<]+))re"))) {
      a.stream_url = std::regex_replace(std::string(m[1]), std::regex("&amp;"), "&");
    }
    // A <Parameter>'s value, else extraHeaders', else the URL's (percent-encoded:
    // the ids here that reach it need no encoding).
    if (std::regex_search(doc, m,
                          std::regex(R"re(name="voxgate_stream_token" value="([^"]+)")re")) ||
        std::regex_search(doc, m,
                          std::regex(R"re(extraHeaders="voxgate_stream_token=([^",]+))re")) ||
        std::regex_search(a.stream_url, m, std::regex(R"re(voxgate_stream_token=([^&]+))re"))) {
      a.token = m[1];
    }
    return a;
  }

  callsim::CallReport call(const std::string& call_id, const Answer& a, bool with_token) const {
    callsim::SimOptions sim;
    sim.carrier = GetParam();
    sim.call_id = call_id;
    sim.seconds = 1.5;
    sim.linger_s = 0.5;
    // Exotel's start carries no token here: it comes back on the URL alone.
    sim.url = with_token ? a.stream_url : a.stream_url.substr(0, a.stream_url.find('?'));
    if (with_token && GetParam() != Carrier::kExotel) {
      sim.custom_parameters = {{"voxgate_stream_token", a.token}};
    }
    auto report = callsim::run_simulation(sim);
    EXPECT_EQ(report.calls.size(), 1u);
    return report.calls.at(0);
  }

  std::string metrics() const {
    return http_request(port_, {http::verb::get, "/metrics", 11}).body();
  }

  TelnyxSigner telnyx_;
  std::unique_ptr<app::VoxgateApp> vox_;
  uint16_t port_ = 0;
};

TEST_P(CarrierAnswer, SignedWebhookAnswersATokenThatAdmitsTheCarriersStream) {
  const std::string id = GetParam() == Carrier::kTelnyx   ? "v3:answer-test-call"
                         : GetParam() == Carrier::kVonage ? "63f61863-4a51-4f6b-86e1-46edebcf9356"
                                                          : "CALL-answer-1";
  auto res = http_request(port_, webhook(id, false));
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const Answer a = read_answer(GetParam(), res.body());
  ASSERT_FALSE(a.token.empty()) << res.body();
  const std::string media = "ws://127.0.0.1:" + std::to_string(port_) + "/media/" + carrier();
  EXPECT_TRUE(a.stream_url.starts_with(media)) << a.stream_url;
  const auto c = call(id, a, true);
  ASSERT_TRUE(c.ok) << c.error;
  EXPECT_GT(c.bytes_played, 0u);  // the fake AI's answer reached the caller
  EXPECT_GT(fake_->stats().audio_bytes_received, 0u);
  vox_->stop();  // records are written once the writer drains
  const auto record = vox_->store()->get(id);
  ASSERT_TRUE(record) << id;
  EXPECT_EQ(record->end_reason, "caller_hangup");
}

TEST_P(CarrierAnswer, ForgedSignatureIs403AndCounted) {
  if (GetParam() == Carrier::kExotel) GTEST_SKIP() << "Exotel signs no webhook";
  auto res = http_request(port_, webhook("CALL-forged", true));
  EXPECT_EQ(res.result(), http::status::forbidden) << res.body();
  EXPECT_EQ(res.body().find("voxgate_stream_token"), std::string::npos);
  EXPECT_NE(metrics().find("voxgate_webhooks_refused_total{carrier=\"" + carrier() + "\"} 1"),
            std::string::npos)
      << metrics();
}

TEST_P(CarrierAnswer, StreamWithoutTheTokenIsRefused) {
  auto res = http_request(port_, webhook("CALL-no-token", false));
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto c = call("CALL-no-token", read_answer(GetParam(), res.body()), false);
  EXPECT_EQ(c.bytes_played, 0u);
  EXPECT_EQ(fake_->stats().audio_bytes_received, 0u);  // no AI leg was dialled
  EXPECT_NE(metrics().find(R"(voxgate_streams_refused_total{reason="missing"} 1)"),
            std::string::npos)
      << metrics();
  vox_->stop();
  EXPECT_FALSE(vox_->store()->get("CALL-no-token"));
}

INSTANTIATE_TEST_SUITE_P(Carriers, CarrierAnswer,
                         ::testing::Values(Carrier::kTelnyx, Carrier::kVonage, Carrier::kPlivo,
                                           Carrier::kExotel, Carrier::kSignalWire),
                         [](const auto& info) {
                           return std::string(callsim::carrier_name(info.param));
                         });

}  // namespace
}  // namespace voxgate::testing
