#include "obs/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <atomic>
#include <memory>

namespace voxgate::obs {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

}  // namespace

bool setup_logging(LogFormat format, std::string_view level) {
  const auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") return false;
  auto logger = spdlog::stderr_color_mt("voxgate_" + std::to_string(static_cast<int>(format)));
  if (format == LogFormat::kJson) {
    // The message is already a JSON object's tail (see log()); plain lines
    // from other code get wrapped by the same pattern.
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e","level":"%l",%v})");
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
    spdlog::log(level, R"("call_sid":"{}","stream_sid":"{}","msg":"{}")", json_escape(ctx.call_sid),
                json_escape(ctx.stream_sid), json_escape(msg));
  } else {
    spdlog::log(level, "[call_sid={} stream_sid={}] {}", ctx.call_sid, ctx.stream_sid, msg);
  }
}

}  // namespace voxgate::obs
