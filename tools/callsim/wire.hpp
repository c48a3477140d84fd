#pragma once
// The one place callsim names the twilio codec.
// TEMPORARY: points at the shim; once telephony/twilio is merged this becomes
// `namespace twilio = telephony::twilio;` with its headers.

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"
#include "callsim/twilio_shim.hpp"

namespace voxgate::callsim {
namespace twilio = shim;
}  // namespace voxgate::callsim
