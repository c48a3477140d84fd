#include "obs/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <atomic>
#include <memory>

namespace voxgate::obs {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

// Marks a payload that is already JSON fields (a call line from log()).
constexpr char kFieldsMarker = '\x1e';

// %* in JSON mode: the fields of a call line as they are, or any other line
// as an escaped "msg" field, so every line is one valid JSON object.
class JsonPayload final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string out;
    if (!payload.empty() && payload.front() == kFieldsMarker) {
      out = payload.substr(1);
    } else {
      out = "\"msg\":\"" + json_escape(payload) + "\"";
    }
    dest.append(out.data(), out.data() + out.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonPayload>();
  }
};

}  // namespace

bool setup_logging(LogFormat format, std::string_view level) {
  const auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") return false;
  const std::string name = "voxgate_" + std::to_string(static_cast<int>(format));
  spdlog::drop(name);  // set up again (tests, reconfiguration): replace, don't throw
  auto logger = spdlog::stderr_color_mt(name);
  if (format == LogFormat::kJson) {
    // The message is already a JSON object's tail (see log()); plain lines
    // from other code get wrapped by the same pattern.
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JsonPayload>('*').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%e","level":"%l",%*})");
    logger->set_formatter(std::move(formatter));
  } else {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  }
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
  g_format.store(format);
  return true;
}

LogFormat log_format() {
  return g_format.load();
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out;
}

void log(spdlog::level::level_enum level, const LogContext& ctx, std::string_view msg) {
  if (g_format.load() == LogFormat::kJson) {
    spdlog::log(level, "{}\"call_sid\":\"{}\",\"stream_sid\":\"{}\",\"msg\":\"{}\"", kFieldsMarker,
                json_escape(ctx.call_sid), json_escape(ctx.stream_sid), json_escape(msg));
  } else {
    spdlog::log(level, "[call_sid={} stream_sid={}] {}", ctx.call_sid, ctx.stream_sid, msg);
  }
}

}  // namespace voxgate::obs
