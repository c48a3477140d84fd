#include "store/postgres_call_store.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "store/pg_connection.hpp"
#include "store/postgres_schema.hpp"
#include "store/redact_url.hpp"

namespace voxgate::store {
namespace {

constexpr const char* kCallColumns =
    "key, id, call_sid, stream_sid, started_at_ms, ended_at_ms, end_reason, first_audio_ms, "
    "turn_latency_ms, barge_in_latency_ms, recording_path, carrier, caller";

// The statements of the SQLite store, in PostgreSQL's words. The upsert's
// WHERE: the same key is the same stream's record again (a retry, an
// update), so it is updated; a row of another call or stream under that key
// is left alone and the put fails (BEHAVIOUR 6: never overwrite another
// stream's record). Ties in the order fall to row_seq as SQLite's fall to
// rowid, and ids compare bytewise (COLLATE "C") as SQLite's BINARY does. A
// negative limit means none and a negative offset zero, as in SQLite.
std::vector<PgStatement> statements() {
  static const std::string get = std::string("SELECT ") + kCallColumns +
                                 " FROM calls WHERE key = $1 OR id = $1 "
                                 "ORDER BY key = $1 DESC, started_at_ms DESC, row_seq DESC LIMIT 1";
  static const std::string list =
      std::string("SELECT ") + kCallColumns +
      " FROM calls WHERE started_at_ms >= $1::bigint AND ($2::bigint = 0 OR started_at_ms < "
      "$2::bigint) AND ($3::text = '' OR end_reason = $3::text) "
      "AND ($6::text = '' OR carrier = $6::text) AND ($7::text = '' OR EXISTS (SELECT 1 FROM "
      "turns WHERE turns.record_key = calls.key AND turns.text ILIKE $8::text ESCAPE '\\')) "
      "ORDER BY started_at_ms DESC, id COLLATE \"C\", row_seq DESC "
      "LIMIT CASE WHEN $4::bigint < 0 THEN NULL ELSE $4::bigint END OFFSET GREATEST($5::bigint, 0)";
  return {
      {"upsert_call",
       "INSERT INTO calls (key, id, call_sid, stream_sid, started_at_ms, ended_at_ms, end_reason, "
       "first_audio_ms, turn_latency_ms, barge_in_latency_ms, recording_path, carrier, caller) "
       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (key) DO "
       "UPDATE SET "
       "started_at_ms = excluded.started_at_ms, ended_at_ms = excluded.ended_at_ms, "
       "end_reason = excluded.end_reason, first_audio_ms = excluded.first_audio_ms, "
       "turn_latency_ms = excluded.turn_latency_ms, "
       "barge_in_latency_ms = excluded.barge_in_latency_ms, "
       "recording_path = excluded.recording_path, carrier = excluded.carrier, "
       "caller = excluded.caller "
       "WHERE calls.id = excluded.id AND calls.stream_sid IS NOT DISTINCT FROM "
       "excluded.stream_sid"},
      {"delete_turns", "DELETE FROM turns WHERE record_key = $1"},
      {"delete_events", "DELETE FROM events WHERE record_key = $1"},
      {"insert_turn", "INSERT INTO turns VALUES ($1, $2, $3, $4, $5, $6)"},
      {"insert_event", "INSERT INTO events VALUES ($1, $2, $3, $4, $5, $6)"},
      {"get_call", get.c_str()},
      {"get_turns",
       "SELECT role, text, interrupted, at_ms FROM turns WHERE record_key = $1 ORDER BY seq"},
      {"get_events",
       "SELECT at_ms, kind, detail, latency_ms FROM events WHERE record_key = $1 ORDER BY seq"},
      {"list_calls", list.c_str()},
  };
}

// Text-format parameters. PostgreSQL text cannot hold NUL, and a text
// parameter is a C string that one would cut short: NUL becomes U+FFFD.
PgParam text(const std::string& s) {
  if (s.find('\0') == std::string::npos) return s;
  std::string out;
  for (char c : s) {
    if (c) {
      out.push_back(c);
    } else {
      out.append("\xEF\xBF\xBD");
    }
  }
  return out;
}
PgParam number(int64_t v) {
  return std::to_string(v);
}
// Shortest text that reads back as the same double (PostgreSQL 12+ prints
// float8 the same way, so a value round-trips exactly).
PgParam number(std::optional<double> v) {
  if (!v) return std::nullopt;
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
  return std::string(buf, end);
}

std::string text_at(const PGresult* r, int row, int col) {
  return PQgetisnull(r, row, col) ? std::string() : std::string(PQgetvalue(r, row, col));
}
int64_t int_at(const PGresult* r, int row, int col) {
  const char* v = PQgetvalue(r, row, col);
  int64_t n = 0;
  std::from_chars(v, v + std::strlen(v), n);
  return n;
}
std::optional<double> real_at(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return std::nullopt;
  return std::strtod(PQgetvalue(r, row, col), nullptr);  // also reads "Infinity", "NaN"
}

CallRecord read_call(const PGresult* r, int row) {
  CallRecord c;
  c.key = text_at(r, row, 0);
  c.id = text_at(r, row, 1);
  c.call_sid = text_at(r, row, 2);
  c.stream_sid = text_at(r, row, 3);
  c.started_at_ms = int_at(r, row, 4);
  c.ended_at_ms = int_at(r, row, 5);
  c.end_reason = text_at(r, row, 6);
  c.first_audio_ms = real_at(r, row, 7);
  c.turn_latency_ms = real_at(r, row, 8);
  c.barge_in_latency_ms = real_at(r, row, 9);
  c.recording_path = text_at(r, row, 10);
  c.carrier = text_at(r, row, 11);
  c.caller = text_at(r, row, 12);
  return c;
}

std::vector<PgParam> call_params(const CallRecord& r, const std::string& key) {
  return {text(key),
          text(r.id),
          text(r.call_sid),
          text(r.stream_sid),
          number(r.started_at_ms),
          number(r.ended_at_ms),
          text(r.end_reason),
          number(r.first_audio_ms),
          number(r.turn_latency_ms),
          number(r.barge_in_latency_ms),
          text(r.recording_path),
          text(r.carrier),
          text(r.caller)};
}

// Runs the statements in order while they succeed; `last` holds the last
// result, the failing one when false.
class Steps {
 public:
  explicit Steps(PgConnection& c) : c_(c) {}
  bool exec(const std::string& sql) { return keep(c_.exec(sql)); }
  bool run(const char* name, const std::vector<PgParam>& params) {
    return keep(c_.run(name, params));
  }
  bool ok() const { return ok_; }
  PGresult* last() const { return last_.get(); }

 private:
  bool keep(PgResult r) {
    last_ = std::move(r);
    ok_ = PgConnection::ok(last_.get());
    return ok_;
  }
  PgConnection& c_;
  PgResult last_;
  bool ok_ = true;
};

// Replaces the record's turns and events.
bool write_children(Steps& s, const CallRecord& r, const PgParam& key) {
  if (!s.run("delete_turns", {key}) || !s.run("delete_events", {key})) return false;
  for (size_t i = 0; i < r.turns.size(); ++i) {
    const auto& t = r.turns[i];
    if (!s.run("insert_turn", {key, number(int64_t(i)), text(t.role), text(t.text),
                               t.interrupted ? "true" : "false", number(t.at_ms)})) {
      return false;
    }
  }
  for (size_t i = 0; i < r.events.size(); ++i) {
    const auto& e = r.events[i];
    if (!s.run("insert_event", {key, number(int64_t(i)), number(e.at_ms), text(e.kind),
                                text(e.detail), number(e.latency_ms)})) {
      return false;
    }
  }
  return true;
}

// One transaction: all of the record or none of it.
SaveOutcome write_record(PgConnection& c, const CallRecord& r, std::string& error) {
  const std::string key = record_key(r);
  Steps s(c);
  if (s.exec("BEGIN") && s.run("upsert_call", call_params(r, key)) &&
      std::string_view(PQcmdTuples(s.last())) == "0") {
    c.exec("ROLLBACK");
    error = "record key '" + key + "' belongs to another call or stream";
    return SaveOutcome::kFailed;
  }
  if (s.ok() && write_children(s, r, text(key)) && s.exec("COMMIT")) return SaveOutcome::kSaved;
  // A lost connection during COMMIT leaves it unknown whether the record was
  // saved: kRetry, and the retry's upsert on the key makes that harmless.
  error = c.error(s.last());
  const SaveOutcome outcome = c.outcome(s.last());
  if (c.up()) c.exec("ROLLBACK");
  return outcome;
}

bool read_children(PgConnection& c, CallRecord& r) {
  const PgResult t = c.run("get_turns", {text(r.key)});
  if (!PgConnection::ok(t.get())) return false;
  for (int i = 0; i < PQntuples(t.get()); ++i) {
    r.turns.push_back({text_at(t.get(), i, 0), text_at(t.get(), i, 1),
                       *PQgetvalue(t.get(), i, 2) == 't', int_at(t.get(), i, 3)});
  }
  const PgResult e = c.run("get_events", {text(r.key)});
  if (!PgConnection::ok(e.get())) return false;
  for (int i = 0; i < PQntuples(e.get()); ++i) {
    r.events.push_back({int_at(e.get(), i, 0), text_at(e.get(), i, 1), text_at(e.get(), i, 2),
                        real_at(e.get(), i, 3)});
  }
  return true;
}

// Applies the migrations not yet applied, all in one transaction under the
// migration lock; a schema newer than this build knows is refused.
bool migrate(PgConnection& c, std::string& error) {
  namespace schema = postgres_schema;
  Steps s(c);
  if (s.exec("BEGIN") && s.exec(schema::kMigrationLock) && s.exec(schema::kVersionTable) &&
      s.exec(schema::kCurrentVersion)) {
    const int64_t current = int_at(s.last(), 0, 0);
    if (current > int64_t(schema::kMigrations.size())) {
      c.exec("ROLLBACK");
      error = "the database's call schema is version " + std::to_string(current) +
              ", newer than this voxgate knows (" + std::to_string(schema::kMigrations.size()) +
              ")";
      return false;
    }
    for (size_t i = size_t(current); i < schema::kMigrations.size() && s.ok(); ++i) {
      if (s.exec(schema::kMigrations[i])) {
        s.exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(i + 1) + ")");
      }
    }
  }
  if (s.ok() && s.exec("COMMIT")) return true;
  error = c.error(s.last());
  if (c.up()) c.exec("ROLLBACK");
  return false;
}

}  // namespace

bool PostgresCallStore::is_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

common::Result<std::unique_ptr<PostgresCallStore>, std::string> PostgresCallStore::open(
    const std::string& url, const PostgresOptions& options) {
  const std::string shown = redact_url(url);
  if (!is_url(url)) {
    return common::unexpected("not a PostgreSQL URL: '" + shown +
                              "' (expected postgresql://user@host:port/database)");
  }
  auto conn = PgConnection::open(url, shown, options.connect_timeout_s, statements());
  if (!conn) return common::unexpected(conn.error());
  std::unique_ptr<PostgresCallStore> store(new PostgresCallStore(std::move(conn).value()));
  std::string error;
  if (!migrate(*store->conn_, error)) {
    return common::unexpected("cannot migrate the call-record schema: " + error);
  }
  if (!store->conn_->ready(error)) return common::unexpected(error);
  return store;
}

PostgresCallStore::PostgresCallStore(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

PostgresCallStore::~PostgresCallStore() = default;

// Once more on a new session when the one it had turned out dropped (the
// server restarted, an idle timeout): each body is all or nothing, so
// running it again is safe, and a stale connection costs no failed put.
template <typename Body>
bool PostgresCallStore::attempt(Body body, std::string& error) {
  for (int i = 0; i < 2; ++i) {
    const bool was_up = conn_->up();
    if (!conn_->ready(error)) return false;
    if (body()) return true;
    if (!was_up || conn_->up()) return false;
  }
  return false;
}

SaveOutcome PostgresCallStore::put(const CallRecord& r, std::string& error) {
  std::lock_guard lock(mu_);
  SaveOutcome outcome = SaveOutcome::kRetry;
  attempt(
      [&] {
        outcome = write_record(*conn_, r, error);
        return outcome != SaveOutcome::kRetry;
      },
      error);
  if (outcome == SaveOutcome::kSaved) error.clear();
  return outcome;
}

std::optional<CallRecord> PostgresCallStore::get(const std::string& id) {
  std::lock_guard lock(mu_);
  std::optional<CallRecord> out;
  std::string error;
  attempt(
      [&] {
        out.reset();
        const PgResult r = conn_->run("get_call", {text(id)});
        if (!PgConnection::ok(r.get())) return false;
        if (PQntuples(r.get()) == 0) return true;
        out = read_call(r.get(), 0);
        if (read_children(*conn_, *out)) return true;
        out.reset();
        return false;
      },
      error);
  return out;
}

std::vector<CallRecord> PostgresCallStore::list(const ListQuery& q) {
  std::lock_guard lock(mu_);
  std::vector<CallRecord> out;
  std::string error;
  attempt(
      [&] {
        const PgResult r =
            conn_->run("list_calls", {number(q.since_ms), number(q.until_ms), text(q.end_reason),
                                      number(int64_t(q.limit)), number(int64_t(q.offset)),
                                      text(q.carrier), text(q.text), text(like_pattern(q.text))});
        if (!PgConnection::ok(r.get())) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back(read_call(r.get(), i));
        return true;
      },
      error);
  return out;
}

int PostgresCallStore::schema_version() {
  std::lock_guard lock(mu_);
  int version = -1;
  std::string error;
  attempt(
      [&] {
        const PgResult r = conn_->exec(postgres_schema::kCurrentVersion);
        if (!PgConnection::ok(r.get())) return false;
        version = int(int_at(r.get(), 0, 0));
        return true;
      },
      error);
  return version;
}

}  // namespace voxgate::store
