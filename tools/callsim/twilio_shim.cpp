// TEMPORARY: replace with telephony/twilio once merged. See twilio_shim.hpp.
#include "callsim/twilio_shim.hpp"

#include <openssl/evp.h>
#include <stdint.h>

#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <iterator>

// spandsp's G.711 is header-only inline code; bit_operations.h supplies top_bit.
#include <spandsp/telephony.h>
// clang-format off
#include <spandsp/bit_operations.h>
#include <spandsp/g711.h>
// clang-format on

namespace voxgate::callsim::shim {
namespace json = boost::json;

namespace {

// PROTOCOLS.md "Twilio Media Streams": counters and timestamps are strings.
std::string num(uint64_t v) {
  return std::to_string(v);
}

struct InboundEncoder {
  json::object operator()(const Connected& e) const {
    return {{"event", "connected"}, {"protocol", e.protocol}, {"version", e.version}};
  }
  json::object operator()(const Start& e) const {
    json::array tracks;
    for (const auto& t : e.tracks) tracks.emplace_back(t);
    json::object params;
    for (const auto& [k, v] : e.custom_parameters) params[k] = v;
    json::object format{{"encoding", e.media_format.encoding},
                        {"sampleRate", e.media_format.sample_rate},
                        {"channels", e.media_format.channels}};
    json::object start{{"streamSid", e.stream_sid},
                       {"accountSid", e.account_sid},
                       {"callSid", e.call_sid},
                       {"tracks", std::move(tracks)},
                       {"customParameters", std::move(params)},
                       {"mediaFormat", std::move(format)}};
    return {{"event", "start"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"start", std::move(start)}};
  }
  json::object operator()(const Media& e) const {
    json::object media{{"track", e.track},
                       {"chunk", num(e.chunk)},
                       {"timestamp", num(e.timestamp_ms)},
                       {"payload", e.payload_b64}};
    return {{"event", "media"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"media", std::move(media)}};
  }
  json::object operator()(const Dtmf& e) const {
    return {{"event", "dtmf"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"dtmf", json::object{{"track", e.track}, {"digit", e.digit}}}};
  }
  json::object operator()(const Mark& e) const {
    return {{"event", "mark"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"mark", json::object{{"name", e.name}}}};
  }
  json::object operator()(const Stop& e) const {
    return {{"event", "stop"},
            {"sequenceNumber", num(e.sequence)},
            {"streamSid", e.stream_sid},
            {"stop", json::object{{"accountSid", e.account_sid}, {"callSid", e.call_sid}}}};
  }
};

const json::string* str_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

}  // namespace

std::string encode_inbound(const InboundEvent& ev) {
  return json::serialize(std::visit(InboundEncoder{}, ev));
}

common::Result<OutboundEvent, ParseError> parse_outbound(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return common::unexpected(ParseError::kNotJson);
  const json::object* o = v.if_object();
  if (!o) return common::unexpected(ParseError::kNotObject);
  const json::string* event = str_at(*o, "event");
  const json::string* sid = str_at(*o, "streamSid");
  if (!event || !sid) return common::unexpected(ParseError::kMissingField);
  std::string stream_sid(*sid);
  if (*event == "clear") return OutboundEvent{OutClear{stream_sid}};
  if (*event == "media") {
    const json::value* m = o->if_contains("media");
    const json::string* payload =
        m && m->is_object() ? str_at(m->get_object(), "payload") : nullptr;
    if (!payload) return common::unexpected(ParseError::kMissingField);
    return OutboundEvent{OutMedia{stream_sid, std::string(*payload)}};
  }
  if (*event == "mark") {
    const json::value* m = o->if_contains("mark");
    const json::string* name = m && m->is_object() ? str_at(m->get_object(), "name") : nullptr;
    if (!name) return common::unexpected(ParseError::kMissingField);
    return OutboundEvent{OutMark{stream_sid, std::string(*name)}};
  }
  return common::unexpected(ParseError::kUnknownEvent);
}

void base64_encode(std::span<const uint8_t> in, std::string& out) {
  out.resize(4 * ((in.size() + 2) / 3));
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), in.data(),
                          static_cast<int>(in.size()));
  out.resize(static_cast<size_t>(n));
}

bool base64_decode(std::string_view in, std::vector<uint8_t>& out) {
  if (in.size() % 4 != 0) return false;
  out.resize(3 * in.size() / 4);
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) return false;
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  size_t pad = 0;
  if (!in.empty() && in.back() == '=') pad = in.size() >= 2 && in[in.size() - 2] == '=' ? 2 : 1;
  out.resize(static_cast<size_t>(n) - pad);
  return true;
}

uint8_t linear_to_ulaw(int16_t sample) {
  return ::linear_to_ulaw(sample);
}
int16_t ulaw_to_linear(uint8_t code) {
  return ::ulaw_to_linear(code);
}

namespace {
void put_u32(std::FILE* f, uint32_t v) {
  uint8_t b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
  std::fwrite(b, 1, 4, f);
}
void put_u16(std::FILE* f, uint16_t v) {
  uint8_t b[2] = {uint8_t(v), uint8_t(v >> 8)};
  std::fwrite(b, 1, 2, f);
}
uint32_t get_u32(const uint8_t* p) {
  return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24;
}
uint16_t get_u16(const uint8_t* p) {
  return uint16_t(p[0] | p[1] << 8);
}
}  // namespace

WavWriter::~WavWriter() {
  close();
}

bool WavWriter::open(const std::string& path, int channels, int rate) {
  close();
  f_ = std::fopen(path.c_str(), "wb");
  if (!f_) return false;
  data_bytes_ = 0;
  std::fwrite("RIFF", 1, 4, f_);
  put_u32(f_, 36);
  std::fwrite("WAVEfmt ", 1, 8, f_);
  put_u32(f_, 16);
  put_u16(f_, 1);
  put_u16(f_, uint16_t(channels));
  put_u32(f_, uint32_t(rate));
  put_u32(f_, uint32_t(rate * channels * 2));
  put_u16(f_, uint16_t(channels * 2));
  put_u16(f_, 16);
  std::fwrite("data", 1, 4, f_);
  put_u32(f_, 0);
  return true;
}

void WavWriter::write(std::span<const int16_t> samples) {
  if (!f_) return;
  for (int16_t s : samples) put_u16(f_, uint16_t(s));
  data_bytes_ += uint32_t(samples.size() * 2);
}

void WavWriter::close() {
  if (!f_) return;
  std::fseek(f_, 4, SEEK_SET);
  put_u32(f_, 36 + data_bytes_);
  std::fseek(f_, 40, SEEK_SET);
  put_u32(f_, data_bytes_);
  std::fclose(f_);
  f_ = nullptr;
}

std::optional<std::vector<int16_t>> read_wav_mono8k(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> b{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) || std::memcmp(b.data() + 8, "WAVE", 4))
    return std::nullopt;
  bool fmt_ok = false;
  for (size_t pos = 12; pos + 8 <= b.size();) {
    uint32_t size = get_u32(&b[pos + 4]);
    const uint8_t* body = &b[pos + 8];
    if (pos + 8 + size > b.size()) size = uint32_t(b.size() - pos - 8);
    if (!std::memcmp(&b[pos], "fmt ", 4) && size >= 16) {
      fmt_ok = get_u16(body) == 1 && get_u16(body + 2) == 1 && get_u32(body + 4) == 8000 &&
               get_u16(body + 14) == 16;
    } else if (!std::memcmp(&b[pos], "data", 4)) {
      if (!fmt_ok) return std::nullopt;
      std::vector<int16_t> out(size / 2);
      for (size_t i = 0; i < out.size(); ++i) out[i] = int16_t(get_u16(body + 2 * i));
      return out;
    }
    pos += 8 + size + (size & 1);
  }
  return std::nullopt;
}

}  // namespace voxgate::callsim::shim
