#pragma once
// How the call core treats an AI-leg error code, whether it came in an `error`
// event or in a response.done that ended as failed (PROTOCOLS.md "Error codes",
// BEHAVIOUR 5). The one list of these codes in the call path: the shell asks
// here too (which errors to log at debug level). Pure functions.

#include <string_view>

namespace voxgate::call {

enum class AiErrorKind {
  kIgnorable,   // a harmless race: logged at debug level, never counted
  kCreateRace,  // response.create raced an active response: retried after its done
  kFatal,       // the session cannot work (quota, key, billing): fallback, no reconnect
  kCounted,     // anything else: counts toward ai_error_threshold
};

AiErrorKind classify_ai_error(std::string_view code);
bool is_fatal_ai_error(std::string_view code);
bool is_ignorable_ai_error(std::string_view code);

}  // namespace voxgate::call
