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

void AgentSession::caller_item_added(const std::string& item_id) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  json::object item{
      {"id", item_id},     {"object", "realtime.item"},
      {"type", "message"}, {"status", "completed"},
      {"role", "user"},    {"content", json::array{json::object{{"type", "input_audio"}}}}};
  send_json({{"type", "conversation.item.added"},
             {"previous_item_id", previous_of(item_id)},
             {"item", std::move(item)}});
}

void AgentSession::caller_item_done(const std::string& item_id, const std::string& transcript) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  json::object part{{"type", "input_audio"}, {"transcript", transcript}};
  json::object item{{"id", item_id},     {"object", "realtime.item"},
                    {"type", "message"}, {"status", "completed"},
                    {"role", "user"},    {"content", json::array{part}}};
  send_json({{"type", "conversation.item.done"},
             {"previous_item_id", previous_of(item_id)},
             {"item", std::move(item)}});
}

void AgentSession::assistant_item_added(const std::string& response_id,
                                        const std::string& item_id) {
  if (opts_.dialect != realtime::Dialect::kGA) return;
  const json::object item{{"id", item_id},       {"object", "realtime.item"},
                          {"type", "message"},   {"status", "in_progress"},
                          {"role", "assistant"}, {"content", json::array{}}};
  send_json({{"type", "response.output_item.added"},
             {"response_id", response_id},
             {"output_index", 0},
             {"item", item}});
  send_json({{"type", "conversation.item.added"},
             {"previous_item_id", previous_of(item_id)},
             {"item", item}});
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
  json::object part{{"type", "output_audio"}, {"transcript", transcript}};
  json::object item{{"id", item_id},       {"object", "realtime.item"},
                    {"type", "message"},   {"status", "completed"},
                    {"role", "assistant"}, {"content", json::array{part}}};
  send_json({{"type", "conversation.item.done"},
             {"previous_item_id", previous_of(item_id)},
             {"item", std::move(item)}});
}

}  // namespace voxgate::agent
