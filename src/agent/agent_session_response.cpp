// AgentSession: responses. One response is active at a time; its audio is
// paced at real time by PacedAudio, and an end_call turn closes it with the
// `end_call` function call (voxgate hangs up after the audio has played).

#include <boost/json.hpp>

#include "agent/agent_session.hpp"
#include "audio/base64.hpp"
#include "realtime/codec.hpp"

namespace voxgate::agent {
namespace rt = realtime;

void AgentSession::speak(Reply reply) {
  if (active_) {
    queued_.push_back(std::move(reply));  // after the active response ends
    return;
  }
  begin_response();
  attach_reply(active_->id, std::move(reply));
}

void AgentSession::begin_response() {
  active_ = Response{next_id("resp"), next_id("item"), std::nullopt, false};
  ++deps_.stats->responses;
  emit(rt::ResponseCreated{active_->id});
}

void AgentSession::attach_reply(const std::string& response_id, Reply reply) {
  // A response cancelled while its audio was being synthesised is gone.
  if (closed_ || !active_ || active_->id != response_id) return;
  deps_.stats->tts_seconds += reply.tts_s;
  if (reply.end_call) call_ended_ = true;
  active_->reply = std::move(reply);
  begin_audio();
}

void AgentSession::begin_audio() {
  const Reply& reply = *active_->reply;
  if (reply.text.empty() && reply.audio.empty()) return finish_response();  // empty response
  if (opts_.dialect == rt::Dialect::kGA) {
    assistant_item_added(active_->id, active_->item_id);
  } else {
    emit(rt::ItemAdded{active_->item_id, "message", "assistant"});
  }
  history_.push_back({"assistant", reply.text, active_->item_id, 0, std::nullopt});
  std::weak_ptr<AgentSession> weak = weak_from_this();
  paced_.start(
      reply.audio,
      [weak](std::span<const uint8_t> chunk) {
        if (auto self = weak.lock()) self->on_chunk(chunk);
      },
      [weak] {
        if (auto self = weak.lock()) self->finish_response();
      });
}

void AgentSession::on_chunk(std::span<const uint8_t> chunk) {
  Response& r = *active_;
  emit(rt::AudioDelta{r.id, r.item_id, 0, 0, audio::base64_encode(chunk)});
  if (!r.first_delta_sent) {
    r.first_delta_sent = true;
    emit(rt::TranscriptDelta{r.id, r.item_id, r.reply->text});
    if (r.reply->turn_stopped_at) {
      deps_.stats->reply_latency_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                        *r.reply->turn_stopped_at)
              .count();
      ++deps_.stats->reply_latency_count;
    }
  }
  if (HistoryEntry* h = find_item(r.item_id)) {
    h->audio_ms += static_cast<int64_t>(chunk.size()) / (LocalAgentEngine::kCallerRate / 1000);
  }
}

void AgentSession::finish_response() {
  if (!active_) return;
  const Response r = std::move(*active_);
  active_.reset();
  // GA types: every output item names its response; the message carries its
  // transcript, and response.done repeats the items (clients read the
  // transcript there) with the usage (no tokens: the agent runs no model).
  std::vector<rt::OutputItemDone> output;
  if (!r.reply->text.empty() || !r.reply->audio.empty()) {
    emit(rt::AudioDone{r.id, r.item_id});
    emit(rt::TranscriptDone{r.id, r.item_id, r.reply->text});
    output.push_back({r.item_id, "message", "", "", "", r.id, r.reply->text});
  }
  const bool spoke = !output.empty();
  // An end_call or transfer reply ends with the tool call inside the same
  // response, after its audio, so the client acts only once that audio has
  // played. A refused transfer is not an ended call: voxgate's next
  // response.create gets the prompt.
  if (r.reply->end_call) output.push_back(function_call(r.id, "end_call", "{}"));
  if (!r.reply->transfer_to.empty()) {
    output.push_back(
        function_call(r.id, "transfer_call",
                      boost::json::serialize(boost::json::object{{"to", r.reply->transfer_to}})));
  }
  for (const auto& item : output) {
    if (item.type == "function_call") {
      emit(rt::FunctionCallArgumentsDone{r.id, item.item_id, item.call_id, item.name,
                                         item.arguments});
    }
    const bool message = spoke && item.item_id == r.item_id;
    if (message) assistant_part_done(r.id, r.item_id, r.reply->text);
    emit(item);
    if (message) assistant_item_done(r.item_id, r.reply->text);
  }
  rt::ResponseDone done{r.id, rt::ResponseStatus::kCompleted, "", "", "", ""};
  done.output = std::move(output);
  done.usage = rt::ResponseUsage{};
  emit(done);
  if (!queued_.empty() && !closed_) {
    Reply next = std::move(queued_.front());
    queued_.pop_front();
    speak(std::move(next));
  }
}

rt::OutputItemDone AgentSession::function_call(const std::string& response_id, std::string name,
                                               std::string arguments) {
  return {next_id("item"),      "function_call", std::move(name), next_id("call"),
          std::move(arguments), response_id,     std::nullopt};
}

void AgentSession::cancel_response(std::string reason) {
  paced_.stop();
  const std::string id = active_->id;
  active_.reset();
  ++deps_.stats->cancels;
  rt::ResponseDone done{id, rt::ResponseStatus::kCancelled, std::move(reason), "", "", ""};
  done.usage = rt::ResponseUsage{};
  emit(done);
  if (!queued_.empty()) {
    Reply next = std::move(queued_.front());
    queued_.pop_front();
    speak(std::move(next));
  }
}

void AgentSession::emit(const rt::ServerEvent& event) {
  if (!closed_) deps_.send(rt::encode(event, opts_.dialect));
}

std::string AgentSession::next_id(const char* prefix) {
  return std::string(prefix) + "_" + std::to_string(++next_id_);
}

HistoryEntry* AgentSession::find_item(const std::string& item_id) {
  for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
    if (it->item_id == item_id) return &*it;
  }
  return nullptr;
}

}  // namespace voxgate::agent
