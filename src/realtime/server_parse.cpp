// Server events (AI -> voxgate): parse_server_event, both dialects' names.

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <utility>

#include "audio/base64.hpp"
#include "realtime/codec.hpp"
#include "realtime/field_reader.hpp"
#include "realtime/server_event_names.hpp"

namespace voxgate::realtime {
namespace {

namespace json = boost::json;
using detail::FieldReader;
using Obj = json::object;

ServerEvent audio_delta(const Obj& o, FieldReader& r) {
  AudioDelta e;
  e.response_id = r.str(o, "response_id");
  e.item_id = r.str(o, "item_id");
  e.output_index = r.opt_int(o, "output_index", 0);
  e.content_index = r.opt_int(o, "content_index", 0);
  e.delta_b64 = r.str(o, "delta");
  if (r.ok() && !audio::base64_valid(e.delta_b64)) r.fail(ParseError::kBadBase64);
  return e;
}

ServerEvent session_created(const Obj&, FieldReader&) {
  return SessionCreated{};
}
ServerEvent session_updated(const Obj&, FieldReader&) {
  return SessionUpdated{};
}
ServerEvent rate_limits(const Obj&, FieldReader&) {
  return RateLimitsUpdated{};
}

ServerEvent speech_started(const Obj& o, FieldReader& r) {
  return SpeechStarted{r.opt_int64(o, "audio_start_ms", 0), r.opt_str(o, "item_id")};
}
ServerEvent speech_stopped(const Obj& o, FieldReader& r) {
  return SpeechStopped{r.opt_int64(o, "audio_end_ms", 0), r.opt_str(o, "item_id")};
}
ServerEvent committed(const Obj& o, FieldReader& r) {
  return AudioCommitted{r.str(o, "item_id")};
}

ServerEvent item_added(const Obj& o, FieldReader& r) {
  const Obj& item = r.object(o, "item");
  return ItemAdded{r.str(item, "id"), r.opt_str(item, "type"), r.opt_str(item, "role")};
}

ServerEvent response_created(const Obj& o, FieldReader& r) {
  return ResponseCreated{r.str(r.object(o, "response"), "id")};
}

ServerEvent audio_done(const Obj& o, FieldReader& r) {
  return AudioDone{r.str(o, "response_id"), r.opt_str(o, "item_id")};
}
ServerEvent transcript_delta(const Obj& o, FieldReader& r) {
  return TranscriptDelta{r.str(o, "response_id"), r.opt_str(o, "item_id"), r.str(o, "delta")};
}
ServerEvent transcript_done(const Obj& o, FieldReader& r) {
  return TranscriptDone{r.str(o, "response_id"), r.opt_str(o, "item_id"), r.str(o, "transcript")};
}
ServerEvent input_transcription_done(const Obj& o, FieldReader& r) {
  return InputTranscription{r.opt_str(o, "item_id"), r.str(o, "transcript"), true};
}
ServerEvent input_transcription_delta(const Obj& o, FieldReader& r) {
  return InputTranscription{r.opt_str(o, "item_id"), r.str(o, "delta"), false};
}

ServerEvent function_args_done(const Obj& o, FieldReader& r) {
  FunctionCallArgumentsDone e;
  e.response_id = r.opt_str(o, "response_id");
  e.item_id = r.opt_str(o, "item_id");
  e.call_id = r.str(o, "call_id");
  e.name = r.opt_str(o, "name");  // not in every server's version of this event
  e.arguments = r.str(o, "arguments");
  return e;
}

ServerEvent output_item_done(const Obj& o, FieldReader& r) {
  const Obj& item = r.object(o, "item");
  OutputItemDone e{r.str(item, "id"),
                   r.opt_str(item, "type"),
                   r.opt_str(item, "name"),
                   r.opt_str(item, "call_id"),
                   r.opt_str(item, "arguments"),
                   r.opt_str(o, "response_id"),
                   std::nullopt};
  // A message's spoken words: the first content part with a transcript.
  if (const json::array* content = r.opt_array(item, "content")) {
    for (const json::value& part : *content) {
      if (part.is_object() && part.get_object().contains("transcript")) {
        e.transcript = r.opt_str(part.get_object(), "transcript");
        break;
      }
    }
  }
  return e;
}

ServerEvent response_done(const Obj& o, FieldReader& r) {
  const Obj& resp = r.object(o, "response");
  ResponseDone e;
  e.response_id = r.str(resp, "id");
  e.status = response_status_from(r.opt_str(resp, "status"));
  // status_details: {type, reason} for cancelled/incomplete, {type, error} for failed.
  if (const Obj* details = r.opt_object(resp, "status_details")) {
    e.reason = r.opt_str(*details, "reason");
    if (const Obj* err = r.opt_object(*details, "error")) {
      e.error_code = r.opt_str(*err, "code");
      e.error_message = r.opt_str(*err, "message");
      e.error_type = r.opt_str(*err, "type");
    }
  }
  return e;
}

ServerEvent item_truncated(const Obj& o, FieldReader& r) {
  return ItemTruncated{r.str(o, "item_id"), r.opt_int64(o, "audio_end_ms", 0)};
}

ServerEvent error_event(const Obj& o, FieldReader& r) {
  const Obj& err = r.object(o, "error");
  return Error{r.opt_str(err, "type"), r.opt_str(err, "code"), r.opt_str(err, "message"),
               r.opt_str(err, "param"), r.opt_str(err, "event_id")};
}

using Decoder = ServerEvent (*)(const Obj&, FieldReader&);

// Both dialects' names; where they agree the name appears once.
constexpr std::array<std::pair<std::string_view, Decoder>, 25> kDecoders = {{
    {detail::kAudioDeltaName.beta, audio_delta},
    {"session.created", session_created},
    {"session.updated", session_updated},
    {"input_audio_buffer.speech_started", speech_started},
    {"input_audio_buffer.speech_stopped", speech_stopped},
    {"input_audio_buffer.committed", committed},
    {detail::kItemAddedName.ga, item_added},
    {detail::kItemAddedName.beta, item_added},
    {detail::kItemDoneName, item_added},
    {"response.created", response_created},
    {detail::kAudioDoneName.ga, audio_done},
    {detail::kAudioDoneName.beta, audio_done},
    {detail::kTranscriptDeltaName.ga, transcript_delta},
    {detail::kTranscriptDeltaName.beta, transcript_delta},
    {detail::kTranscriptDoneName.ga, transcript_done},
    {detail::kTranscriptDoneName.beta, transcript_done},
    {detail::kInputTranscriptionDone, input_transcription_done},
    {detail::kInputTranscriptionDelta, input_transcription_delta},
    {"response.function_call_arguments.done", function_args_done},
    {"response.output_item.done", output_item_done},
    {"response.done", response_done},
    {"conversation.item.truncated", item_truncated},
    {"rate_limits.updated", rate_limits},
    {"error", error_event},
    {"response.output_audio.delta", audio_delta},
}};

Decoder find_decoder(std::string_view type) {
  // The audio delta is most of the traffic: test it before the table scan.
  if (type == detail::kAudioDeltaName.ga) return audio_delta;
  for (const auto& [name, decoder] : kDecoders) {
    if (name == type) return decoder;
  }
  return nullptr;
}

}  // namespace

common::Result<ServerEvent, ParseError> parse_server_event(std::string_view text) {
  // The DOM lives in a stack arena: no heap use for a 20 ms delta, and the
  // payload is copied once more, into AudioDelta::delta_b64 (see bench).
  unsigned char arena[8192];
  json::monotonic_resource mr(arena, sizeof arena);
  auto parsed = detail::parse_event_json(text, &mr);
  if (!parsed) return common::unexpected(parsed.error());
  std::string_view type = detail::event_type(*parsed);
  Decoder decode = find_decoder(type);
  if (decode == nullptr) return ServerEvent{Unknown{std::string(type)}};
  FieldReader r;
  ServerEvent event = decode(parsed->get_object(), r);
  if (!r.ok()) return common::unexpected(r.error());
  return event;
}

}  // namespace voxgate::realtime
