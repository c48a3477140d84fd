// AgentSession: client events the Realtime codec has no type for (answered,
// never a dropped connection), conversation.item.retrieve, and the manual
// commit (LOCAL-AGENT-CONFORMANCE 7).

#include <boost/json.hpp>

#include "agent/agent_session.hpp"
#include "realtime/codec.hpp"
#include "realtime/server_event_names.hpp"

namespace voxgate::agent {
namespace rt = realtime;
namespace json = boost::json;
namespace {

// The message's "type", when it is a JSON object with a string one.
std::string type_of(std::string_view text, json::value& parsed) {
  boost::system::error_code ec;
  parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return {};
  const json::value* type = parsed.as_object().if_contains("type");
  return type && type->is_string() ? std::string(type->as_string()) : std::string();
}

// The GA item shape of one history entry.
json::object item_json(const HistoryEntry& h) {
  json::object item{{"id", h.item_id}, {"object", "realtime.item"}, {"status", "completed"}};
  if (h.role == "tool") {
    item["type"] = "function_call_output";
    item["output"] = h.text;
    return item;
  }
  item["type"] = "message";
  item["role"] = h.role;
  json::object part;
  if (h.role == "assistant") {
    part = {{"type", "output_audio"}, {"transcript", h.text}};
  } else if (h.role == "user" && !h.text.empty()) {
    part = {{"type", "input_text"}, {"text", h.text}};
  } else {
    part = {{"type", "input_audio"}, {"transcript", h.text}};
  }
  item["content"] = json::array{std::move(part)};
  return item;
}

}  // namespace

void AgentSession::on_unparsed(std::string_view text, rt::ParseError error) {
  json::value parsed;
  const std::string type = type_of(text, parsed);
  if (error == rt::ParseError::kMissingType && type == "conversation.item.retrieve") {
    const json::value* id = parsed.as_object().if_contains("item_id");
    if (id && id->is_string()) return on_item_retrieve(std::string(id->as_string()));
  }
  // A bad message costs the client an error event, never the connection; a
  // type the agent does not serve is named as such.
  ++deps_.stats->bad_events;
  if (error == rt::ParseError::kMissingType && !type.empty()) {
    return send_error("invalid_request_error", "invalid_event",
                      "unsupported client event type '" + type + "'");
  }
  send_error("invalid_request_error", "invalid_event",
             "could not parse client event: " + std::string(to_string(error)));
}

void AgentSession::on_item_retrieve(const std::string& item_id) {
  const HistoryEntry* h = find_item(item_id);
  if (h == nullptr) {
    return send_error("invalid_request_error", "item_not_found",
                      "no item with id '" + item_id + "'");
  }
  if (closed_) return;
  deps_.send(json::serialize(json::object{{"type", "conversation.item.retrieved"},
                                          {"event_id", next_id("event")},
                                          {"item", item_json(*h)}}));
}

// Server VAD commits each turn itself, and the real API still accepts a
// manual commit: the audio since the last commit becomes a user item (its
// words are recognised when the VAD ends the turn). Under 100 ms there is
// nothing to commit, as OpenAI reports it.
void AgentSession::on_manual_commit() {
  constexpr int64_t kMinCommitBytes = 100 * (LocalAgentEngine::kCallerRate / 1000);
  if (uncommitted_bytes_ < kMinCommitBytes) {
    return send_error("invalid_request_error", "input_audio_buffer_commit_empty",
                      "buffer too small: at least 100ms of audio is needed to commit");
  }
  uncommitted_bytes_ = 0;
  // An item of its own: a turn the VAD is still hearing keeps its item.
  const std::string item = next_id("item");
  emit(rt::AudioCommitted{item});
  history_.push_back({"user", "", item, 0, std::nullopt});
  emit(rt::ItemAdded{item, "message", "user"});
}

// LOCAL-AGENT-CONFORMANCE 8: the item is echoed with its content, as the
// API does, and a user's text is what the next response.create answers.
void AgentSession::on_user_item(const rt::ItemCreateMessage& e) {
  history_.push_back({e.role, e.text, next_id("item"), 0, std::nullopt});
  if (e.role == "user") typed_ = e.text;
  if (closed_) return;
  json::object item = item_json(history_.back());
  if (e.role != "assistant") {
    item["content"] = json::array{json::object{{"type", "input_text"}, {"text", e.text}}};
  }
  deps_.send(
      json::serialize(json::object{{"type", rt::detail::kItemAddedName.in(opts_.dialect)},
                                   {"event_id", next_id("event")},
                                   {"previous_item_id", previous_of(history_.back().item_id)},
                                   {"item", std::move(item)}}));
}

}  // namespace voxgate::agent
