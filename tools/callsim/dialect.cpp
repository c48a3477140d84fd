#include "callsim/dialect.hpp"

#include <array>
#include <cstdio>

namespace voxgate::callsim {

namespace {
constexpr std::array<std::pair<Carrier, std::string_view>, 6> kNames = {{
    {Carrier::kTwilio, "twilio"},
    {Carrier::kSignalWire, "signalwire"},
    {Carrier::kTelnyx, "telnyx"},
    {Carrier::kPlivo, "plivo"},
    {Carrier::kExotel, "exotel"},
    {Carrier::kVonage, "vonage"},
}};

// Twilio-style SIDs: two letters and 32 hex digits.
std::string sid(const char* prefix, uint64_t nonce, int index) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%016llx%016llx", prefix, (unsigned long long)nonce,
                (unsigned long long)index);
  return buf;
}

// UUID-shaped ids (Telnyx stream_id, Plivo callId/streamId, Vonage uuid);
// `kind` keeps a call's two ids apart.
std::string uuid(uint64_t nonce, int index, unsigned kind) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", unsigned(nonce >> 32),
                unsigned(nonce >> 16) & 0xffff, kind & 0xfff, unsigned(nonce) & 0xfff,
                (unsigned long long)index & 0xffffffffffffull);
  return buf;
}
}  // namespace

std::string_view carrier_name(Carrier c) {
  for (const auto& [carrier, name] : kNames)
    if (carrier == c) return name;
  return "twilio";
}

std::optional<Carrier> parse_carrier(std::string_view name) {
  for (const auto& [carrier, n] : kNames)
    if (n == name) return carrier;
  return std::nullopt;
}

std::string default_media_path(Carrier c) {
  if (c == Carrier::kTwilio) return "/media";
  return "/media/" + std::string(carrier_name(c));
}

StreamIds make_stream_ids(Carrier c, uint64_t nonce, int index, const std::string& account_sid) {
  switch (c) {
    case Carrier::kTelnyx:
      // Telnyx: a "v3:" call_control_id and a UUID stream_id.
      return {"v3:" + sid("cc", nonce, index), uuid(nonce, index, 1), account_sid};
    case Carrier::kPlivo:
    case Carrier::kVonage:
      return {uuid(nonce, index, 2), uuid(nonce, index, 3), account_sid};
    default:
      return {sid("CA", nonce, index), sid("MZ", nonce, index), account_sid};
  }
}

std::unique_ptr<Dialect> make_dialect(const DialectConfig& config) {
  switch (config.carrier) {
    case Carrier::kTelnyx:
      return make_telnyx_dialect(config);
    case Carrier::kPlivo:
      return make_plivo_dialect(config);
    case Carrier::kExotel:
      return make_exotel_dialect(config);
    case Carrier::kVonage:
      return make_vonage_dialect(config);
    default:  // SignalWire speaks Twilio's protocol (PROTOCOLS.md "SignalWire")
      return make_twilio_dialect(config);
  }
}

}  // namespace voxgate::callsim
