#include "telephony/signalwire/webhook_signature.hpp"

#include "telephony/twilio/twiml.hpp"

namespace voxgate::telephony::signalwire {

bool verify_webhook_signature(std::string_view signing_key, std::string_view full_url,
                              const Parameters& post_params, std::string_view header_value) {
  return !header_value.empty() &&
         twilio::verify_twilio_signature(signing_key, full_url, post_params, header_value);
}

}  // namespace voxgate::telephony::signalwire
