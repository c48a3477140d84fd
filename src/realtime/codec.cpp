#include "realtime/codec.hpp"

namespace voxgate::realtime {

std::string_view to_string(ParseError error) {
  switch (error) {
    case ParseError::kInvalidJson:
      return "invalid_json";
    case ParseError::kNotObject:
      return "not_object";
    case ParseError::kMissingType:
      return "missing_type";
    case ParseError::kMissingField:
      return "missing_field";
    case ParseError::kWrongType:
      return "wrong_type";
    case ParseError::kBadBase64:
      return "bad_base64";
    case ParseError::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

}  // namespace voxgate::realtime
