#pragma once
// Logging: spdlog underneath, with two output formats (human text on a
// terminal, JSON lines with --log-format json) and per-call context so every
// line of a call carries call_sid and stream_sid (STYLE.md "Logging").
//
// Thread-safe (spdlog's default logger is). Never pass secrets or raw audio.

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace voxgate::obs {

enum class LogFormat { kText, kJson };

// Installs the default logger on stderr. `level` is spdlog's name ("info").
// Returns false (and leaves the logger as it was) for an unknown level.
bool setup_logging(LogFormat format, std::string_view level);
LogFormat log_format();

// The identity a call's log lines carry.
struct LogContext {
  std::string call_sid;
  std::string stream_sid;
};

// Logs one line with the call's context: in text as
// `[call_sid=CA.. stream_sid=MZ..] msg`, in JSON as fields of the line.
void log(spdlog::level::level_enum level, const LogContext& ctx, std::string_view msg);

template <typename... Args>
void call_log(spdlog::level::level_enum level, const LogContext& ctx, fmt::format_string<Args...> f,
              Args&&... args) {
  if (!spdlog::should_log(level)) return;
  log(level, ctx, fmt::format(f, std::forward<Args>(args)...));
}

// JSON string escaping for log lines.
std::string json_escape(std::string_view s);

}  // namespace voxgate::obs
