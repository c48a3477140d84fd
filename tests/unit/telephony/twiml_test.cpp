// TwiML answer and X-Twilio-Signature (PROTOCOLS.md "Twilio Media Streams").
#include "telephony/twilio/twiml.hpp"

#include <gtest/gtest.h>

namespace voxgate::telephony::twilio {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(Twiml, ConnectStreamExactBytes) {
  EXPECT_EQ(connect_stream_twiml("wss://voxgate.example/media", {{"caller", "+14155550100"}}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect>)"
            R"(<Stream url="wss://voxgate.example/media">)"
            R"(<Parameter name="caller" value="+14155550100"/>)"
            R"(</Stream></Connect></Response>)");
}

TEST(Twiml, NoParameters) {
  EXPECT_EQ(connect_stream_twiml("wss://h/media", {}),
            R"(<?xml version="1.0" encoding="UTF-8"?><Response><Connect>)"
            R"(<Stream url="wss://h/media"></Stream></Connect></Response>)");
}

TEST(Twiml, EscapesAttributeValues) {
  const std::string out = connect_stream_twiml("wss://h/media?a=1&b=\"2\"", {{"n<'>", "v&\"<>'"}});
  EXPECT_NE(out.find(R"(url="wss://h/media?a=1&amp;b=&quot;2&quot;")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"(name="n&lt;&apos;&gt;" value="v&amp;&quot;&lt;&gt;&apos;")"),
            std::string::npos)
      << out;
}

// Twilio's documented example ("Webhooks security": auth token 12345). The
// docs' signature GvWf1cFY... belongs to Caller = From = +14158675310; the
// brief quoted Caller +12349013030 / From +14158675309, which signs to
// hQB5VTHI... (cross-checked with Python's hmac), so those are not used here.
const Params kDocParams = {{"CallSid", "CA1234567890ABCDE"},
                           {"Caller", "+14158675310"},
                           {"Digits", "1234"},
                           {"From", "+14158675310"},
                           {"To", "+18005551212"}};
constexpr const char* kDocUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";

TEST(TwilioSignature, MatchesTwilioDocumentedExample) {
  EXPECT_EQ(twilio_signature("12345", kDocUrl, kDocParams), "GvWf1cFY/Q7PnoempGyD5oXAezc=");
}

// The older twilio-php validation docs: same URL and token, Caller = From =
// +14158675309, header RSOYDt4T1cUTdK1PDd93/VVr8B8=.
TEST(TwilioSignature, MatchesTwilioPhpDocumentedExample) {
  const Params params = {{"To", "+18005551212"},
                         {"From", "+14158675309"},
                         {"Digits", "1234"},
                         {"Caller", "+14158675309"},
                         {"CallSid", "CA1234567890ABCDE"}};
  EXPECT_TRUE(verify_twilio_signature("12345", kDocUrl, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
}

TEST(TwilioSignature, ParameterOrderDoesNotMatter) {
  Params shuffled(kDocParams.rbegin(), kDocParams.rend());
  EXPECT_EQ(twilio_signature("12345", kDocUrl, shuffled),
            twilio_signature("12345", kDocUrl, kDocParams));
}

TEST(TwilioSignature, VerifyAcceptsOnlyTheRightSignature) {
  const std::string good = twilio_signature("12345", kDocUrl, kDocParams);
  EXPECT_TRUE(verify_twilio_signature("12345", kDocUrl, kDocParams, good));
  EXPECT_FALSE(verify_twilio_signature("12346", kDocUrl, kDocParams, good));
  EXPECT_FALSE(
      verify_twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1", kDocParams, good));
  Params changed = kDocParams;
  changed[2].second = "1235";
  EXPECT_FALSE(verify_twilio_signature("12345", kDocUrl, changed, good));
  std::string flipped = good;
  flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_twilio_signature("12345", kDocUrl, kDocParams, flipped));
  EXPECT_FALSE(verify_twilio_signature("12345", kDocUrl, kDocParams, ""));
  EXPECT_FALSE(verify_twilio_signature("12345", kDocUrl, kDocParams, good + "="));
}

}  // namespace
}  // namespace voxgate::telephony::twilio
