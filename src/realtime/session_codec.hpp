#pragma once
// Private to the realtime codec: the `session` object of session.update in
// each dialect (PROTOCOLS.md "session.update"), both ways.

#include <boost/json/object.hpp>

#include "realtime/dialect.hpp"
#include "realtime/field_reader.hpp"
#include "realtime/session_config.hpp"

namespace voxgate::realtime::detail {

json::object encode_session(const SessionConfig& config, Dialect dialect);
// Accepts either dialect's shape (GA nests audio settings under `audio`).
SessionConfig decode_session(const json::object& session, FieldReader& reader);

}  // namespace voxgate::realtime::detail
