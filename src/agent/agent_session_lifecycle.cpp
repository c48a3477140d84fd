// AgentSession: the GA Realtime item lifecycle (LOCAL-AGENT-CONFORMANCE 3):
// the caller's audio item is announced once committed (conversation.item.added,
// then conversation.item.done with its transcript); the assistant's item is
// announced in_progress before its audio (response.output_item.added,
// conversation.item.added, response.content_part.added) and closed after it
// (response.content_part.done, conversation.item.done); every item names the
// one before it (previous_item_id). Shapes: the openai SDK's generated types
// (scripts/sdk_test.sh compiles them).

#include <boost/json.hpp>

#include "agent/agent_session.hpp"

namespace voxgate::agent {
namespace json = boost::json;

void AgentSession::send_json(json::object event) {
  if (closed_) return;
  json::object sent{{"type", event["type"]}, {"event_id", next_id("event")}};
  for (auto& kv : event)
    if (kv.key() != "type") sent[kv.key()] = std::move(kv.value());
  deps_.send(json::serialize(sent));
}

// The item before `item_id`, recorded the first time it is asked for.
json::value AgentSession::previous_of(const std::string& item_id) {
  auto [it, inserted] = previous_.try_emplace(item_id, last_item_);
  if (inserted) last_item_ = item_id;
  if (it->second.empty()) return nullptr;
  return json::value(it->second);
}

namespace {

// A message item as the GA types shape it; content holds at most one part.
json::object message_item(const std::string& id, const char* status, const char* role,
                          json::array content) {
  return {{"id", id},     {"object", "realtime.item"},    {"type", "message"}, {"status", status},
          {"role", role}, {"content", std::move(content)}};
}

json::array one_part(const char* type, const std::string* transcript) {
  json::object part{{"type", type}};
  if (transcript) part["transcript"] = *transcript;
  return json::array{std::move(part)};
}

}  // namespace

// conversation.item.added / .done for `item` (its id names the one before).
void AgentSession::send_item_event(const char* type, json::object item) {
  const std::string id(item["id"].as_string());
  send_json({{"type", type}, {"previous_item_id", previous_of(id)}, {"item", std::move(item)}});
}

void AgentSession::caller_item_added(const std::string& item_id) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  send_item_event("conversation.item.added",
                  message_item(item_id, "completed", "user", one_part("input_audio", nullptr)));
}

void AgentSession::caller_item_done(const std::string& item_id, const std::string& transcript) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  send_item_event("conversation.item.done",
                  message_item(item_id, "completed", "user", one_part("input_audio", &transcript)));
}

void AgentSession::assistant_item_added(const std::string& response_id,
                                        const std::string& item_id) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  const json::object item = message_item(item_id, "in_progress", "assistant", json::array{});
  send_json({{"type", "response.output_item.added"},
             {"response_id", response_id},
             {"output_index", 0},
             {"item", item}});
  send_item_event("conversation.item.added", item);
  send_json({{"type", "response.content_part.added"},
             {"response_id", response_id},
             {"item_id", item_id},
             {"output_index", 0},
             {"content_index", 0},
             {"part", json::object{{"type", "audio"}, {"transcript", ""}}}});
}

void AgentSession::assistant_part_done(const std::string& response_id, const std::string& item_id,
                                       const std::string& transcript) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  send_json({{"type", "response.content_part.done"},
             {"response_id", response_id},
             {"item_id", item_id},
             {"output_index", 0},
             {"content_index", 0},
             {"part", json::object{{"type", "audio"}, {"transcript", transcript}}}});
}

void AgentSession::assistant_item_done(const std::string& item_id, const std::string& transcript) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  send_item_event("conversation.item.done", message_item(item_id, "completed", "assistant",
                                                         one_part("output_audio", &transcript)));
}

}  // namespace voxgate::agent
