#pragma once
// The one place callsim names the twilio codec and the audio helpers.
// TEMPORARY: points at the shim; once telephony/twilio is merged this becomes
// `namespace twilio = telephony::twilio;` and the audio alias goes away.

#include "callsim/twilio_shim.hpp"

namespace voxgate::callsim {
namespace twilio = shim;
namespace audio = shim;
}  // namespace voxgate::callsim
