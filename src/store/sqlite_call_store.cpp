#include "store/sqlite_call_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "store/sqlite_schema.hpp"

namespace voxgate::store {
namespace {

// RAII prepared statement with typed binds; columns read by index.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  void bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, std::optional<double> v) {
    v ? sqlite3_bind_double(s_, i, *v) : sqlite3_bind_null(s_, i);
  }
  int step() { return s_ ? sqlite3_step(s_) : SQLITE_ERROR; }
  // step() for a statement that returns no rows: SQLITE_OK or the error.
  int run() {
    const int rc = step();
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  std::string text(int c) {
    const auto* p = sqlite3_column_text(s_, c);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }
  int64_t i64(int c) { return sqlite3_column_int64(s_, c); }
  std::optional<double> real(int c) {
    if (sqlite3_column_type(s_, c) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(s_, c);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

constexpr const char* kCallColumns =
    "key, id, call_sid, stream_sid, started_at_ms, ended_at_ms, end_reason, first_audio_ms, "
    "turn_latency_ms, barge_in_latency_ms, recording_path, carrier, caller";

// Same key: the same stream's record again (a retry, an update), so update
// it; a row of another call or stream under that key is left alone and the
// put fails (BEHAVIOUR 6: never overwrite another stream's record).
constexpr const char* kUpsertCall =
    "INSERT INTO calls (key, id, call_sid, stream_sid, started_at_ms, ended_at_ms, end_reason, "
    "first_audio_ms, turn_latency_ms, barge_in_latency_ms, recording_path, carrier, caller) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) ON CONFLICT(key) DO UPDATE "
    "SET "
    "started_at_ms = excluded.started_at_ms, ended_at_ms = excluded.ended_at_ms, "
    "end_reason = excluded.end_reason, first_audio_ms = excluded.first_audio_ms, "
    "turn_latency_ms = excluded.turn_latency_ms, "
    "barge_in_latency_ms = excluded.barge_in_latency_ms, "
    "recording_path = excluded.recording_path, carrier = excluded.carrier, "
    "caller = excluded.caller "
    "WHERE calls.id = excluded.id AND calls.stream_sid IS excluded.stream_sid";

CallRecord read_call(Stmt& s) {
  CallRecord r;
  r.key = s.text(0);
  r.id = s.text(1);
  r.call_sid = s.text(2);
  r.stream_sid = s.text(3);
  r.started_at_ms = s.i64(4);
  r.ended_at_ms = s.i64(5);
  r.end_reason = s.text(6);
  r.first_audio_ms = s.real(7);
  r.turn_latency_ms = s.real(8);
  r.barge_in_latency_ms = s.real(9);
  r.recording_path = s.text(10);
  r.carrier = s.text(11);
  r.caller = s.text(12);
  return r;
}

// Failures that may pass on their own: another connection holds the lock,
// the disk is full or erring. BEHAVIOUR 6: these are retried.
bool may_pass(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

// SQLite creates a database with 0644 (less the umask); records hold
// transcripts, so a file voxgate creates is made 0600 first (SQLite takes an
// empty file as an empty database and gives its -wal and -shm files the
// database's mode). An existing file keeps the mode its owner gave it.
void create_private(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

}  // namespace

common::Result<std::unique_ptr<SqliteCallStore>, std::string> SqliteCallStore::open(
    const std::string& path, const SqliteOptions& options) {
  create_private(path);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string msg = "cannot open SQLite database '" + path + "': " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return common::unexpected(msg);
  }
  std::unique_ptr<SqliteCallStore> store(new SqliteCallStore(db));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::string error;
  const char* journal = options.wal ? "PRAGMA journal_mode=WAL;" : "PRAGMA journal_mode=DELETE;";
  if (!store->exec(journal, error) || !store->exec("PRAGMA foreign_keys=ON;", error) ||
      !store->migrate(error)) {
    return common::unexpected("cannot prepare SQLite database '" + path + "': " + error);
  }
  return store;
}

SqliteCallStore::~SqliteCallStore() {
  sqlite3_close(db_);
}

std::string SqliteCallStore::key_of(const CallRecord& r) {
  return record_key(r);
}

bool SqliteCallStore::exec(const char* sql, std::string& error) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    error = msg ? msg : "unknown SQLite error";
    sqlite3_free(msg);
    return false;
  }
  return true;
}

int SqliteCallStore::schema_version() {
  std::lock_guard lock(mu_);
  Stmt s(db_, "PRAGMA user_version");
  return s.step() == SQLITE_ROW ? static_cast<int>(s.i64(0)) : -1;
}

bool SqliteCallStore::migrate(std::string& error) {
  const auto& migrations = sqlite_schema::kMigrations;
  int current = 0;
  {
    // Finalised before the migrations run: an unfinished statement would
    // keep DROP TABLE from running ("database table is locked").
    Stmt v(db_, "PRAGMA user_version");
    if (v.step() == SQLITE_ROW) current = static_cast<int>(v.i64(0));
  }
  for (size_t i = static_cast<size_t>(current); i < migrations.size(); ++i) {
    const std::string sql = std::string("BEGIN IMMEDIATE;") + migrations[i] +
                            "PRAGMA user_version=" + std::to_string(i + 1) + "; COMMIT;";
    if (!exec(sql.c_str(), error)) {
      std::string ignored;
      if (!sqlite3_get_autocommit(db_)) exec("ROLLBACK;", ignored);
      error = "migration " + std::to_string(i + 1) + ": " + error;
      return false;
    }
  }
  return true;
}

SaveOutcome SqliteCallStore::put(const CallRecord& r, std::string& error) {
  std::lock_guard lock(mu_);
  int rc = write(r, key_of(r), error);
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(db_, "COMMIT;", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) error = std::string("COMMIT: ") + sqlite3_errstr(rc);
  }
  if (rc == SQLITE_OK) return SaveOutcome::kSaved;
  // A failed statement or COMMIT (SQLITE_BUSY) can leave the transaction
  // open; without a ROLLBACK every later BEGIN fails and no record is saved
  // until restart. SQLite may have rolled back already (SQLITE_FULL, IOERR).
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK;", nullptr, nullptr, nullptr);
  return may_pass(rc) ? SaveOutcome::kRetry : SaveOutcome::kFailed;
}

// The record's statements inside an open transaction; SQLITE_OK or the
// failing code with `error` set. IMMEDIATE takes the write lock up front, so
// a busy database fails here rather than halfway.
int SqliteCallStore::write(const CallRecord& r, const std::string& key, std::string& error) {
  int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE;", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    Stmt call(db_, kUpsertCall);
    call.bind(1, key), call.bind(2, r.id), call.bind(3, r.call_sid), call.bind(4, r.stream_sid);
    call.bind(5, r.started_at_ms), call.bind(6, r.ended_at_ms), call.bind(7, r.end_reason);
    call.bind(8, r.first_audio_ms), call.bind(9, r.turn_latency_ms);
    call.bind(10, r.barge_in_latency_ms), call.bind(11, r.recording_path);
    call.bind(12, r.carrier), call.bind(13, r.caller);
    rc = call.run();
    if (rc == SQLITE_OK && sqlite3_changes(db_) == 0) {
      error = "record key '" + key + "' belongs to another call or stream";
      return SQLITE_CONSTRAINT;
    }
  }
  if (rc == SQLITE_OK) rc = write_children(r, key);
  if (rc != SQLITE_OK) error = std::string(sqlite3_errstr(rc)) + ": " + sqlite3_errmsg(db_);
  return rc;
}

// Replaces the record's turns and events.
int SqliteCallStore::write_children(const CallRecord& r, const std::string& key) {
  Stmt del_turns(db_, "DELETE FROM turns WHERE record_key = ?1");
  Stmt del_events(db_, "DELETE FROM events WHERE record_key = ?1");
  del_turns.bind(1, key), del_events.bind(1, key);
  int rc = del_turns.run();
  if (rc == SQLITE_OK) rc = del_events.run();
  for (size_t i = 0; rc == SQLITE_OK && i < r.turns.size(); ++i) {
    Stmt t(db_, "INSERT INTO turns VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const auto& tr = r.turns[i];
    t.bind(1, key), t.bind(2, static_cast<int64_t>(i)), t.bind(3, tr.role), t.bind(4, tr.text);
    t.bind(5, static_cast<int64_t>(tr.interrupted)), t.bind(6, tr.at_ms);
    rc = t.run();
  }
  for (size_t i = 0; rc == SQLITE_OK && i < r.events.size(); ++i) {
    Stmt e(db_, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const auto& ev = r.events[i];
    e.bind(1, key), e.bind(2, static_cast<int64_t>(i)), e.bind(3, ev.at_ms);
    e.bind(4, ev.kind), e.bind(5, ev.detail), e.bind(6, ev.latency_ms);
    rc = e.run();
  }
  return rc;
}

std::optional<CallRecord> SqliteCallStore::get(const std::string& id) {
  std::lock_guard lock(mu_);
  // A key names one record; a call id names the newest of its streams.
  Stmt s(db_, (std::string("SELECT ") + kCallColumns +
               " FROM calls WHERE key = ?1 OR id = ?1 "
               "ORDER BY key = ?1 DESC, started_at_ms DESC, rowid DESC LIMIT 1")
                  .c_str());
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  CallRecord r = read_call(s);
  Stmt t(db_,
         "SELECT role, text, interrupted, at_ms FROM turns WHERE record_key = ?1 ORDER BY seq");
  t.bind(1, r.key);
  while (t.step() == SQLITE_ROW) {
    r.turns.push_back({t.text(0), t.text(1), t.i64(2) != 0, t.i64(3)});
  }
  Stmt e(db_,
         "SELECT at_ms, kind, detail, latency_ms FROM events WHERE record_key = ?1 ORDER BY seq");
  e.bind(1, r.key);
  while (e.step() == SQLITE_ROW) {
    r.events.push_back({e.i64(0), e.text(1), e.text(2), e.real(3)});
  }
  return r;
}

std::vector<CallRecord> SqliteCallStore::list(const ListQuery& q) {
  std::lock_guard lock(mu_);
  // SQLite's LIKE ignores ASCII case, as PostgreSQL's ILIKE does for it.
  const std::string sql =
      std::string("SELECT ") + kCallColumns +
      " FROM calls WHERE started_at_ms >= ?1 AND (?2 = 0 OR started_at_ms < ?2) AND (?3 = '' OR "
      "end_reason = ?3) AND (?6 = '' OR carrier = ?6) AND (?7 = '' OR EXISTS (SELECT 1 FROM "
      "turns WHERE turns.record_key = calls.key AND turns.text LIKE ?8 ESCAPE '\\')) "
      "ORDER BY started_at_ms DESC, id, rowid DESC LIMIT ?4 OFFSET ?5";
  Stmt s(db_, sql.c_str());
  s.bind(1, q.since_ms), s.bind(2, q.until_ms), s.bind(3, q.end_reason);
  s.bind(4, static_cast<int64_t>(q.limit)), s.bind(5, static_cast<int64_t>(q.offset));
  s.bind(6, q.carrier), s.bind(7, q.text), s.bind(8, like_pattern(q.text));
  std::vector<CallRecord> out;
  while (s.step() == SQLITE_ROW) out.push_back(read_call(s));
  return out;
}

}  // namespace voxgate::store
