#include "store/record_json.hpp"

#include <boost/json.hpp>

namespace voxgate::store {
namespace {

namespace json = boost::json;

json::value optional_number(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::array turns_value(const std::vector<TranscriptTurn>& turns) {
  json::array out;
  for (const auto& t : turns) {
    out.push_back(json::object{
        {"role", t.role}, {"text", t.text}, {"interrupted", t.interrupted}, {"at_ms", t.at_ms}});
  }
  return out;
}

json::array events_value(const std::vector<CallEventRow>& events) {
  json::array out;
  for (const auto& e : events) {
    out.push_back(json::object{{"at_ms", e.at_ms},
                               {"kind", e.kind},
                               {"detail", e.detail},
                               {"latency_ms", optional_number(e.latency_ms)}});
  }
  return out;
}

// Reads the fields of one JSON object; the first missing or mistyped field
// is remembered in `error` and later reads do nothing.
class FieldReader {
 public:
  FieldReader(const json::object& o, std::string& error) : o_(o), error_(error) {}
  void text(const char* name, std::string& out) {
    const json::value* v = field(name);
    if (!v) return;
    if (const json::string* s = v->if_string()) {
      out = std::string(*s);
    } else {
      fail(name, "a string");
    }
  }
  // Boost.JSON parses every integer that fits as int64.
  void integer(const char* name, int64_t& out) {
    const json::value* v = field(name);
    if (!v) return;
    if (const int64_t* n = v->if_int64()) {
      out = *n;
    } else {
      fail(name, "an integer");
    }
  }
  void boolean(const char* name, bool& out) {
    const json::value* v = field(name);
    if (v && v->is_bool()) out = v->get_bool();
    if (v && !v->is_bool()) fail(name, "true or false");
  }
  void number(const char* name, std::optional<double>& out) {
    const json::value* v = field(name);
    if (!v) return;
    if (v->is_null()) {
      out.reset();
    } else if (v->is_number()) {
      out = v->to_number<double>();
    } else {
      fail(name, "a number or null");
    }
  }
  const json::array* array(const char* name) {
    const json::value* v = field(name);
    if (v && !v->is_array()) fail(name, "an array");
    return v && v->is_array() ? &v->get_array() : nullptr;
  }

 private:
  // Null when the field is absent (it keeps its default) or an error is set.
  const json::value* field(const char* name) {
    if (!error_.empty()) return nullptr;
    return o_.if_contains(name);
  }
  void fail(const char* name, const char* expected) {
    error_ = std::string("'") + name + "' is not " + expected;
  }

  const json::object& o_;
  std::string& error_;
};

void read_call(FieldReader& f, CallRecord& r) {
  f.text("key", r.key), f.text("id", r.id), f.text("call_sid", r.call_sid);
  f.text("stream_sid", r.stream_sid), f.integer("started_at_ms", r.started_at_ms);
  f.integer("ended_at_ms", r.ended_at_ms), f.text("end_reason", r.end_reason);
  f.number("first_audio_ms", r.first_audio_ms), f.number("turn_latency_ms", r.turn_latency_ms);
  f.number("barge_in_latency_ms", r.barge_in_latency_ms);
  f.text("recording_path", r.recording_path);
  f.text("carrier", r.carrier), f.text("caller", r.caller);
}

// Reads each element of `items` (objects only) with `read`.
template <typename Row, typename Read>
void read_rows(const json::array* items, std::vector<Row>& out, std::string& error, Read read) {
  for (size_t i = 0; items && error.empty() && i < items->size(); ++i) {
    const json::object* o = (*items)[i].if_object();
    if (!o) {
      error = "a turn or event is not an object";
      return;
    }
    FieldReader f(*o, error);
    read(f, out.emplace_back());
  }
}

}  // namespace

std::string record_to_json(const CallRecord& r) {
  json::object o{{"key", r.key},
                 {"id", r.id},
                 {"call_sid", r.call_sid},
                 {"stream_sid", r.stream_sid},
                 {"carrier", r.carrier},
                 {"caller", r.caller},
                 {"started_at_ms", r.started_at_ms},
                 {"ended_at_ms", r.ended_at_ms},
                 {"end_reason", r.end_reason},
                 {"first_audio_ms", optional_number(r.first_audio_ms)},
                 {"turn_latency_ms", optional_number(r.turn_latency_ms)},
                 {"barge_in_latency_ms", optional_number(r.barge_in_latency_ms)},
                 {"recording_path", r.recording_path}};
  o["turns"] = turns_value(r.turns);
  o["events"] = events_value(r.events);
  return json::serialize(o);
}

common::Result<CallRecord, std::string> record_from_json(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return common::unexpected("not JSON: " + ec.message());
  if (!v.is_object()) return common::unexpected(std::string("not a JSON object"));
  CallRecord r;
  std::string error;
  FieldReader f(v.get_object(), error);
  read_call(f, r);
  const json::array* turns = f.array("turns");
  const json::array* events = f.array("events");
  read_rows(turns, r.turns, error, [](FieldReader& t, TranscriptTurn& turn) {
    t.text("role", turn.role), t.text("text", turn.text);
    t.boolean("interrupted", turn.interrupted), t.integer("at_ms", turn.at_ms);
  });
  read_rows(events, r.events, error, [](FieldReader& e, CallEventRow& event) {
    e.integer("at_ms", event.at_ms), e.text("kind", event.kind), e.text("detail", event.detail);
    e.number("latency_ms", event.latency_ms);
  });
  if (!v.get_object().contains("id") && error.empty()) error = "'id' is missing";
  if (!error.empty()) return common::unexpected("bad call record: " + error);
  return r;
}

}  // namespace voxgate::store
