#pragma once
// The one place callsim names the twilio codec (dialect_twilio.cpp) and the
// audio helpers it uses.

#include "audio/base64.hpp"
#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"
#include "telephony/twilio/codec.hpp"
#include "telephony/twilio/events.hpp"

namespace voxgate::callsim {
namespace twilio = telephony::twilio;
}  // namespace voxgate::callsim
