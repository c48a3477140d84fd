#include "fakeai/script.hpp"

#include <toml++/toml.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <numbers>
#include <sstream>

#include "audio/g711.hpp"
#include "audio/wav_writer.hpp"
#include "call/ai_error_codes.hpp"
#include "realtime/server_events.hpp"

namespace voxgate::fakeai {
namespace {

// A key's setter: returns an error text ("must be ...") or nothing.
using Setter = std::function<std::optional<std::string>(const toml::node&, CallScript&)>;

Setter int_key(int64_t CallScript::*field, int64_t min) {
  return [=](const toml::node& n, CallScript& c) -> std::optional<std::string> {
    auto v = n.value_exact<int64_t>();
    if (!v) return "must be an integer";
    if (*v < min) return "must be >= " + std::to_string(min);
    c.*field = *v;
    return std::nullopt;
  };
}

Setter num_key(double CallScript::*field, double min, double max) {
  return [=](const toml::node& n, CallScript& c) -> std::optional<std::string> {
    auto v = n.value<double>();  // accepts integers too
    if (!v || !n.is_number()) return "must be a number";
    if (*v < min || *v > max)
      return "must be between " + std::to_string(min) + " and " + std::to_string(max);
    c.*field = *v;
    return std::nullopt;
  };
}

Setter str_key(std::string CallScript::*field) {
  return [=](const toml::node& n, CallScript& c) -> std::optional<std::string> {
    auto v = n.value_exact<std::string>();
    if (!v) return "must be a string";
    c.*field = *v;
    return std::nullopt;
  };
}

Setter bool_key(bool CallScript::*field) {
  return [=](const toml::node& n, CallScript& c) -> std::optional<std::string> {
    auto v = n.value_exact<bool>();
    if (!v) return "must be true or false";
    c.*field = *v;
    return std::nullopt;
  };
}

std::optional<std::string> set_dialect(const toml::node& n, CallScript& c) {
  auto v = n.value_exact<std::string>();
  if (v == "ga")
    c.dialect = ScriptDialect::kGA;
  else if (v == "beta")
    c.dialect = ScriptDialect::kBeta;
  else
    return "must be \"ga\" or \"beta\"";
  return std::nullopt;
}

std::optional<std::string> set_protocol_key(const toml::node& n, CallScript& c) {
  auto v = n.value_exact<std::string>();
  if (v == "realtime")
    c.protocol = ScriptProtocol::kRealtime;
  else if (v == "live")
    c.protocol = ScriptProtocol::kLive;
  else
    return "must be \"realtime\" or \"live\"";
  return std::nullopt;
}

std::optional<std::string> set_error_close(const toml::node& n, CallScript& c) {
  auto v = n.value_exact<bool>();
  if (!v) return "must be true or false";
  c.error_close = *v;
  return std::nullopt;
}

std::optional<std::string> set_events(const toml::node& n, CallScript& c) {
  const auto* arr = n.as_array();
  if (!arr) return "must be an array of tables ([[events]])";
  c.events.clear();
  for (size_t i = 0; i < arr->size(); ++i) {
    const auto* t = (*arr)[i].as_table();
    std::string where = "[" + std::to_string(i) + "].";
    if (!t) return where + "must be a table";
    auto at = (*t)["at_ms"].value_exact<int64_t>();
    auto type = (*t)["type"].value_exact<std::string>();
    if (!at || *at < 0) return where + "at_ms must be an integer >= 0";
    ScriptedEvent ev{*at, ScriptedEvent::Type::kSpeechStarted};
    if (type == "speech_stopped")
      ev.type = ScriptedEvent::Type::kSpeechStopped;
    else if (type != "speech_started")
      return where + "type must be \"speech_started\" or \"speech_stopped\"";
    for (const auto& [k, _] : *t)
      if (k != "at_ms" && k != "type") return where + std::string(k.str()) + " is not a known key";
    c.events.push_back(ev);
  }
  return std::nullopt;
}

std::optional<std::string> set_tool_calls(const toml::node& n, CallScript& c) {
  const auto* arr = n.as_array();
  if (!arr) return "must be an array of tables ([[tool_calls]])";
  c.tool_calls.clear();
  for (size_t i = 0; i < arr->size(); ++i) {
    const auto* t = (*arr)[i].as_table();
    std::string where = "[" + std::to_string(i) + "].";
    if (!t) return where + "must be a table";
    ScriptedToolCall call;
    call.response = (*t)["response"].value_exact<int64_t>().value_or(1);
    auto name = (*t)["name"].value_exact<std::string>();
    if (!name || name->empty()) return where + "name must be a non-empty string";
    call.name = *name;
    call.arguments = (*t)["arguments"].value_exact<std::string>().value_or("{}");
    if (call.response < 1) return where + "response must be an integer >= 1";
    for (const auto& [k, _] : *t)
      if (k != "response" && k != "name" && k != "arguments")
        return where + std::string(k.str()) + " is not a known key";
    c.tool_calls.push_back(std::move(call));
  }
  return std::nullopt;
}

const std::map<std::string, Setter, std::less<>>& setters() {
  using C = CallScript;
  static const std::map<std::string, Setter, std::less<>> k{
      {"name", str_key(&C::name)},
      {"connection", int_key(&C::connection, 1)},
      {"protocol", set_protocol_key},
      {"dialect", set_dialect},
      {"require_auth", str_key(&C::require_auth)},
      {"response_seconds", num_key(&C::response_seconds, 0.0, 600.0)},
      {"tone_hz", num_key(&C::tone_hz, 1.0, 3999.0)},
      {"wav", str_key(&C::wav)},
      {"delta_ms", int_key(&C::delta_ms, 10)},
      {"reply_text", str_key(&C::reply_text)},
      {"late_deltas", int_key(&C::late_deltas, 0)},
      {"end_call_after_responses", int_key(&C::end_call_after_responses, 0)},
      {"end_call_arguments", str_key(&C::end_call_arguments)},
      {"events", set_events},
      {"tool_calls", set_tool_calls},
      {"vad_threshold", num_key(&C::vad_threshold, 0.0, 32768.0)},
      {"vad_start_ms", int_key(&C::vad_start_ms, 20)},
      {"vad_silence_ms", int_key(&C::vad_silence_ms, 20)},
      {"create_response", bool_key(&C::create_response)},
      {"interrupt_response", bool_key(&C::interrupt_response)},
      {"stamp_audio", bool_key(&C::stamp_audio)},
      {"caller_transcript", str_key(&C::caller_transcript)},
      {"close_after_ms", int_key(&C::close_after_ms, 0)},
      {"close_code", int_key(&C::close_code, 0)},
      {"error_after_ms", int_key(&C::error_after_ms, 0)},
      {"error_code", str_key(&C::error_code)},
      {"error_close", set_error_close},
      {"stall_after_ms", int_key(&C::stall_after_ms, 0)},
      {"stall_reads", bool_key(&C::stall_reads)},
      {"malformed_after_ms", int_key(&C::malformed_after_ms, 0)},
      {"malformed_count", int_key(&C::malformed_count, 1)},
      {"refuse_connections", bool_key(&C::refuse_connections)},
      {"fault_connections", int_key(&C::fault_connections, 0)},
      {"close_before_created", bool_key(&C::close_before_created)},
      {"flood_deltas", bool_key(&C::flood_deltas)},
      {"stray_audio_after_ms", int_key(&C::stray_audio_after_ms, 0)},
      {"fault_every", int_key(&C::fault_every, 0)},
      {"fail_responses", str_key(&C::fail_responses)},
      {"live_yield_ms", int_key(&C::live_yield_ms, 0)},
      {"output_silence", bool_key(&C::output_silence)},
      {"session_closed_after_ms", int_key(&C::session_closed_after_ms, 0)},
      {"session_closed_reason", str_key(&C::session_closed_reason)},
  };
  return k;
}

std::optional<ScriptError> apply(const toml::table& t, CallScript& c, const std::string& where) {
  for (const auto& [key, node] : t) {
    if (where.empty() && key == "calls") continue;
    auto it = setters().find(key.str());
    if (it == setters().end()) return ScriptError{where + std::string(key.str()) + ": unknown key"};
    if (auto err = it->second(node, c))
      return ScriptError{where + std::string(key.str()) + (err->front() == '[' ? "" : " ") + *err};
  }
  if (c.close_code != 0 && (c.close_code < 1000 || c.close_code > 4999))
    return ScriptError{where + "close_code must be 0 (abrupt) or a WebSocket code 1000..4999"};
  return std::nullopt;
}

std::shared_ptr<const std::string> tone_ulaw(double seconds, double hz) {
  const auto n = static_cast<size_t>(std::llround(seconds * 8000));
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    double s = 8000.0 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / 8000.0);
    out[i] = static_cast<char>(audio::linear_to_ulaw(static_cast<int16_t>(s)));
  }
  return std::make_shared<const std::string>(std::move(out));
}

std::optional<ScriptError> load_audio(CallScript& c, const std::string& base_dir,
                                      const std::string& where) {
  if (c.wav.empty()) {
    c.reply_ulaw = tone_ulaw(c.response_seconds, c.tone_hz);
    return std::nullopt;
  }
  std::string path = c.wav.front() == '/' ? c.wav : base_dir + "/" + c.wav;
  auto pcm = audio::read_wav_mono8k(path);
  if (!pcm) return ScriptError{where + "wav: cannot read 8 kHz mono 16-bit WAV '" + path + "'"};
  std::string out(pcm->size(), '\0');
  for (size_t i = 0; i < pcm->size(); ++i)
    out[i] = static_cast<char>(audio::linear_to_ulaw((*pcm)[i]));
  c.reply_ulaw = std::make_shared<const std::string>(std::move(out));
  return std::nullopt;
}

}  // namespace

bool CallScript::error_closes() const {
  if (error_close) return *error_close;
  // PROTOCOLS.md "Error codes": these end the session.
  return call::is_fatal_ai_error(error_code);
}

Script::Script() {
  base_.reply_ulaw = tone_ulaw(base_.response_seconds, base_.tone_hz);
}

common::Result<Script, ScriptError> Script::from_toml(std::string_view text,
                                                      const std::string& base_dir) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << "TOML syntax error at line " << e.source().begin.line << ": " << e.description();
    return common::unexpected(ScriptError{os.str()});
  }
  Script s;
  if (auto err = apply(root, s.base_, "")) return common::unexpected(*err);
  if (auto err = load_audio(s.base_, base_dir, "")) return common::unexpected(*err);
  if (auto* calls = root["calls"].as_array()) {
    for (size_t i = 0; i < calls->size(); ++i) {
      std::string where = "calls[" + std::to_string(i) + "].";
      const auto* t = (*calls)[i].as_table();
      if (!t) return common::unexpected(ScriptError{"calls must be an array of tables"});
      CallScript c = s.base_;
      c.name.clear();
      c.connection = 0;
      if (auto err = apply(*t, c, where)) return common::unexpected(*err);
      if (c.name.empty() && c.connection == 0)
        return common::unexpected(ScriptError{where + "name or connection is required"});
      if (auto err = load_audio(c, base_dir, where)) return common::unexpected(*err);
      s.calls_.push_back(std::move(c));
    }
  } else if (root.contains("calls")) {
    return common::unexpected(ScriptError{"calls must be an array of tables ([[calls]])"});
  }
  return s;
}

common::Result<Script, ScriptError> Script::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return common::unexpected(ScriptError{"cannot open script file '" + path + "'"});
  std::stringstream ss;
  ss << in.rdbuf();
  auto slash = path.find_last_of('/');
  return from_toml(ss.str(), slash == std::string::npos ? "." : path.substr(0, slash));
}

void Script::set_protocol(ScriptProtocol p) {
  base_.protocol = p;
  for (auto& c : calls_) c.protocol = p;
}

const CallScript& Script::select(std::string_view name, uint64_t connection_index) const {
  if (!name.empty())
    for (const auto& c : calls_)
      if (c.name == name) return c;
  for (const auto& c : calls_)
    if (c.connection > 0 && static_cast<uint64_t>(c.connection) == connection_index) return c;
  return base_;
}

}  // namespace voxgate::fakeai
