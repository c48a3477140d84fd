// Server events (AI -> voxgate), encoded in the real wire shape for the
// servers voxgate tests and runs against (fakeai, the local agent).

#include <atomic>
#include <boost/json/serialize.hpp>

#include "realtime/codec.hpp"
#include "realtime/server_event_names.hpp"
#include "realtime/session_codec.hpp"

namespace voxgate::realtime {
namespace {

namespace json = boost::json;
using namespace detail;  // NOLINT: names and helpers private to this module

json::value str_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

// The GA types (the openai SDK's RealtimeSessionCreateRequest) have no
// "object" or "id" member in session.created and session.updated.
json::object session_object(Dialect d, const SessionConfig& config = {}) {
  json::object s = encode_session(config, d);
  if (d == Dialect::kGA) return s;
  s["object"] = "realtime.session";
  s["id"] = "sess_voxgate";
  return s;
}

json::object item_object(const std::string& id, const std::string& type) {
  return {{"id", id}, {"object", "realtime.item"}, {"type", type}, {"status", "completed"}};
}

// An item as response.output_item.done and response.done.output carry it.
json::object output_item(const OutputItemDone& e) {
  json::object item = item_object(e.item_id, e.type);
  if (e.type == "message") item["role"] = "assistant";
  if (!e.name.empty()) item["name"] = e.name;
  if (!e.call_id.empty()) item["call_id"] = e.call_id;
  if (!e.arguments.empty()) item["arguments"] = e.arguments;
  if (e.transcript) {
    item["content"] =
        json::array{json::object{{"type", "output_audio"}, {"transcript", *e.transcript}}};
  }
  return item;
}

json::value status_details(const ResponseDone& e) {
  if (e.reason.empty() && e.error_code.empty() && e.error_message.empty()) return nullptr;
  json::object d{{"type", to_string(e.status)}};
  if (!e.reason.empty()) d["reason"] = e.reason;
  if (!e.error_code.empty() || !e.error_message.empty()) {
    d["error"] = json::object{{"type", e.error_type.empty() ? "server_error" : e.error_type},
                              {"code", str_or_null(e.error_code)},
                              {"message", e.error_message}};
  }
  return d;
}

// Fills the members after "type" and "event_id".
struct ServerEncoder {
  Dialect d;
  json::object& o;

  std::string_view operator()(const SessionCreated&) const {
    o["session"] = session_object(d);
    return "session.created";
  }
  std::string_view operator()(const SessionUpdated& e) const {
    o["session"] = session_object(d, e.session.value_or(SessionConfig{}));
    return "session.updated";
  }
  std::string_view operator()(const SpeechStarted& e) const {
    o["audio_start_ms"] = e.audio_start_ms;
    o["item_id"] = e.item_id;
    return "input_audio_buffer.speech_started";
  }
  std::string_view operator()(const SpeechStopped& e) const {
    o["audio_end_ms"] = e.audio_end_ms;
    o["item_id"] = e.item_id;
    return "input_audio_buffer.speech_stopped";
  }
  std::string_view operator()(const AudioCommitted& e) const {
    o["previous_item_id"] = nullptr;
    o["item_id"] = e.item_id;
    return "input_audio_buffer.committed";
  }
  std::string_view operator()(const ItemAdded& e) const {
    json::object item = item_object(e.item_id, e.type);
    if (!e.role.empty()) item["role"] = e.role;
    item["content"] = json::array{};
    o["previous_item_id"] = nullptr;
    o["item"] = std::move(item);
    return kItemAddedName.in(d);
  }
  std::string_view operator()(const ResponseCreated& e) const {
    o["response"] = json::object{{"object", "realtime.response"},
                                 {"id", e.response_id},
                                 {"status", "in_progress"},
                                 {"output", json::array{}}};
    // GA types: status_details is optional but never null.
    if (d == Dialect::kBeta) o["response"].as_object()["status_details"] = nullptr;
    return "response.created";
  }
  std::string_view operator()(const AudioDelta& e) const {
    o["response_id"] = e.response_id;
    o["item_id"] = e.item_id;
    o["output_index"] = e.output_index;
    o["content_index"] = e.content_index;
    o["delta"] = e.delta_b64;
    return kAudioDeltaName.in(d);
  }
  std::string_view operator()(const AudioDone& e) const {
    ids(e.response_id, e.item_id);
    return kAudioDoneName.in(d);
  }
  std::string_view operator()(const TranscriptDelta& e) const {
    ids(e.response_id, e.item_id);
    o["delta"] = e.delta;
    return kTranscriptDeltaName.in(d);
  }
  std::string_view operator()(const TranscriptDone& e) const {
    ids(e.response_id, e.item_id);
    o["transcript"] = e.transcript;
    return kTranscriptDoneName.in(d);
  }
  std::string_view operator()(const InputTranscription& e) const {
    o["item_id"] = e.item_id;
    o["content_index"] = 0;
    o[e.is_final ? "transcript" : "delta"] = e.transcript;
    if (e.is_final && e.usage_seconds)
      o["usage"] = json::object{{"type", "duration"}, {"seconds", *e.usage_seconds}};
    return e.is_final ? kInputTranscriptionDone : kInputTranscriptionDelta;
  }
  std::string_view operator()(const FunctionCallArgumentsDone& e) const {
    o["response_id"] = e.response_id;
    o["item_id"] = e.item_id;
    o["output_index"] = 0;
    o["call_id"] = e.call_id;
    o["name"] = e.name;
    o["arguments"] = e.arguments;
    return "response.function_call_arguments.done";
  }
  std::string_view operator()(const OutputItemDone& e) const {
    if (!e.response_id.empty()) o["response_id"] = e.response_id;
    o["output_index"] = 0;
    o["item"] = output_item(e);
    return "response.output_item.done";
  }
  std::string_view operator()(const ResponseDone& e) const {
    json::array output;
    for (const auto& item : e.output) output.push_back(output_item(item));
    json::object response{{"object", "realtime.response"},
                          {"id", e.response_id},
                          {"status", to_string(e.status)},
                          {"output", std::move(output)}};
    if (json::value details = status_details(e); !details.is_null() || d == Dialect::kBeta)
      response["status_details"] = std::move(details);
    if (e.usage) {
      response["usage"] =
          json::object{{"total_tokens", e.usage->input_tokens + e.usage->output_tokens},
                       {"input_tokens", e.usage->input_tokens},
                       {"output_tokens", e.usage->output_tokens}};
    }
    o["response"] = std::move(response);
    return "response.done";
  }
  std::string_view operator()(const ItemTruncated& e) const {
    o["item_id"] = e.item_id;
    o["content_index"] = 0;
    o["audio_end_ms"] = e.audio_end_ms;
    return "conversation.item.truncated";
  }
  std::string_view operator()(const RateLimitsUpdated&) const {
    o["rate_limits"] = json::array{json::object{
        {"name", "requests"}, {"limit", 1000}, {"remaining", 999}, {"reset_seconds", 0.06}}};
    return "rate_limits.updated";
  }
  std::string_view operator()(const Error& e) const {
    o["error"] = json::object{{"type", e.type},
                              {"code", str_or_null(e.code)},
                              {"message", e.message},
                              {"param", str_or_null(e.param)},
                              {"event_id", str_or_null(e.event_id)}};
    return "error";
  }
  std::string_view operator()(const Unknown& e) const { return e.type; }

  void ids(const std::string& response_id, const std::string& item_id) const {
    o["response_id"] = response_id;
    o["item_id"] = item_id;
    o["output_index"] = 0;
    o["content_index"] = 0;
  }
};

std::atomic<uint64_t> g_next_event_id{1};

}  // namespace

std::string encode(const ServerEvent& event, Dialect dialect, std::string_view event_id) {
  // "type" and "event_id" lead, as on the real wire; the rest is filled after.
  json::object o{{"type", ""}, {"event_id", event_id}};
  o["type"] = std::visit(ServerEncoder{dialect, o}, event);
  return json::serialize(o);
}

std::string encode(const ServerEvent& event, Dialect dialect) {
  uint64_t n = g_next_event_id.fetch_add(1, std::memory_order_relaxed);
  return encode(event, dialect, "event_voxgate_" + std::to_string(n));
}

}  // namespace voxgate::realtime
