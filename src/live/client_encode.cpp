// Client events (voxgate -> GPT-Live): PROTOCOLS-LIVE 2, and the session.start
// object of PROTOCOLS-LIVE 4 with exactly its fields (the service rejects
// unknown ones).

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "live/codec.hpp"

namespace voxgate::live {
namespace {

namespace json = boost::json;

std::string_view append_type(AppendKind kind) {
  switch (kind) {
    case AppendKind::kInstructions:
      return "session.instructions.append";
    case AppendKind::kThinking:
      return "session.thinking.append";
    case AppendKind::kCommentary:
      return "session.commentary.append";
  }
  return "session.thinking.append";
}

// PROTOCOLS-LIVE 7: exactly one text part; assistant text is output_text.
json::object input_message(const InputMessage& m) {
  std::string_view part_type = m.role == "assistant" ? "output_text" : "input_text";
  json::object part{{"type", part_type}, {"text", m.text}};
  return {{"type", "message"}, {"role", m.role}, {"content", json::array{std::move(part)}}};
}

// A flat Responses function tool; parameters travel as a JSON object. Text
// that is not JSON (a config error caught elsewhere) becomes an empty schema
// rather than an exception.
json::object function_tool(const ai::ToolDef& t) {
  boost::system::error_code ec;
  json::value params = json::parse(t.parameters_json, ec);
  if (ec || !params.is_object()) params = json::object{{"type", "object"}};
  return {{"type", "function"},
          {"name", t.name},
          {"description", t.description},
          {"parameters", std::move(params)}};
}

json::object delegation(const std::optional<ResponsesDelegation>& d) {
  if (!d) return {{"type", "client"}};
  json::array tools;
  for (const auto& t : d->tools) tools.push_back(function_tool(t));
  json::object responses{{"model", d->model}};
  if (!d->instructions.empty()) responses["instructions"] = d->instructions;
  if (!tools.empty()) responses["tools"] = std::move(tools);
  return {{"type", "responses"}, {"responses", std::move(responses)}};
}

json::object session_object(const StartConfig& s) {
  json::array input;
  for (const auto& m : s.input) input.push_back(input_message(m));
  json::object format{{"type", s.format.type}, {"rate", s.format.rate}};
  json::object audio{{"format", std::move(format)}, {"output", json::object{{"voice", s.voice}}}};
  return {{"model", s.model},
          {"instructions", s.instructions},
          {"input", std::move(input)},
          {"audio", std::move(audio)},
          {"delegation", delegation(s.delegation)},
          {"store", s.store}};
}

struct Encoder {
  json::object operator()(const SessionStart& e) const {
    return {{"type", "session.start"}, {"session", session_object(e.session)}};
  }
  json::object operator()(const InputAudioAppend& e) const {
    return {{"type", "session.input_audio.append"}, {"audio", e.audio_b64}};
  }
  json::object operator()(const ContextAppend& e) const {
    json::value id = nullptr;
    if (e.delegation_id) id = *e.delegation_id;
    return {
        {"type", append_type(e.kind)}, {"delegation_id", std::move(id)}, {"content", e.content}};
  }
  json::object operator()(const FunctionOutput& e) const {
    json::object item{
        {"type", "function_call_output"}, {"call_id", e.call_id}, {"output", e.output}};
    return {{"type", "response.item.create"}, {"item", std::move(item)}};
  }
  json::object operator()(const ResponseCreate&) const { return {{"type", "response.create"}}; }
  json::object operator()(const SessionClose&) const { return {{"type", "session.close"}}; }
};

}  // namespace

std::string encode(const ClientEvent& event) {
  return json::serialize(std::visit(Encoder{}, event));
}

}  // namespace voxgate::live
