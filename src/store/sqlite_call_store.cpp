#include "store/sqlite_call_store.hpp"

#include <sqlite3.h>

#include <array>

namespace voxgate::store {
namespace {

// Migrations in order; migration i brings the schema to version i + 1.
// Never edit one that has shipped: add a new one.
constexpr std::array<const char*, 1> kMigrations = {
    R"sql(
CREATE TABLE calls (
  id TEXT PRIMARY KEY, call_sid TEXT, stream_sid TEXT,
  started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER NOT NULL DEFAULT 0,
  end_reason TEXT NOT NULL DEFAULT '',
  first_audio_ms REAL, turn_latency_ms REAL, barge_in_latency_ms REAL,
  recording_path TEXT NOT NULL DEFAULT '');
CREATE INDEX calls_started ON calls(started_at_ms);
CREATE TABLE turns (
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  role TEXT NOT NULL, text TEXT NOT NULL, interrupted INTEGER NOT NULL, at_ms INTEGER NOT NULL,
  PRIMARY KEY (call_id, seq));
CREATE TABLE events (
  call_id TEXT NOT NULL REFERENCES calls(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  at_ms INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, latency_ms REAL,
  PRIMARY KEY (call_id, seq));
)sql",
};

// RAII prepared statement with typed binds; columns read by index.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return s_ != nullptr; }
  void bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind(int i, std::optional<double> v) {
    v ? sqlite3_bind_double(s_, i, *v) : sqlite3_bind_null(s_, i);
  }
  int step() { return sqlite3_step(s_); }
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
    "id, call_sid, stream_sid, started_at_ms, ended_at_ms, end_reason, first_audio_ms, "
    "turn_latency_ms, barge_in_latency_ms, recording_path";

CallRecord read_call(Stmt& s) {
  CallRecord r;
  r.id = s.text(0);
  r.call_sid = s.text(1);
  r.stream_sid = s.text(2);
  r.started_at_ms = s.i64(3);
  r.ended_at_ms = s.i64(4);
  r.end_reason = s.text(5);
  r.first_audio_ms = s.real(6);
  r.turn_latency_ms = s.real(7);
  r.barge_in_latency_ms = s.real(8);
  r.recording_path = s.text(9);
  return r;
}

}  // namespace

common::Result<std::unique_ptr<SqliteCallStore>, std::string> SqliteCallStore::open(
    const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string msg = "cannot open SQLite database '" + path + "': " + sqlite3_errmsg(db);
    sqlite3_close(db);
    return common::unexpected(msg);
  }
  std::unique_ptr<SqliteCallStore> store(new SqliteCallStore(db));
  std::string error;
  if (!store->exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=2000;",
                   error) ||
      !store->migrate(error)) {
    return common::unexpected("cannot prepare SQLite database '" + path + "': " + error);
  }
  return store;
}

SqliteCallStore::~SqliteCallStore() {
  sqlite3_close(db_);
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
  Stmt v(db_, "PRAGMA user_version");
  const int current = v.step() == SQLITE_ROW ? static_cast<int>(v.i64(0)) : 0;
  for (size_t i = static_cast<size_t>(current); i < kMigrations.size(); ++i) {
    const std::string sql = std::string("BEGIN;") + kMigrations[i] +
                            "PRAGMA user_version=" + std::to_string(i + 1) + "; COMMIT;";
    if (!exec(sql.c_str(), error)) {
      std::string ignored;
      exec("ROLLBACK;", ignored);
      error = "migration " + std::to_string(i + 1) + ": " + error;
      return false;
    }
  }
  return true;
}

bool SqliteCallStore::save(const CallRecord& r, std::string& error) {
  std::lock_guard lock(mu_);
  if (!exec("BEGIN;", error)) return false;
  Stmt call(db_, "INSERT OR REPLACE INTO calls VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  Stmt del_turns(db_, "DELETE FROM turns WHERE call_id = ?1");
  Stmt del_events(db_, "DELETE FROM events WHERE call_id = ?1");
  bool ok = call.ok();
  if (ok) {
    call.bind(1, r.id), call.bind(2, r.call_sid), call.bind(3, r.stream_sid);
    call.bind(4, r.started_at_ms), call.bind(5, r.ended_at_ms), call.bind(6, r.end_reason);
    call.bind(7, r.first_audio_ms), call.bind(8, r.turn_latency_ms);
    call.bind(9, r.barge_in_latency_ms), call.bind(10, r.recording_path);
    del_turns.bind(1, r.id), del_events.bind(1, r.id);
    ok = call.step() == SQLITE_DONE && del_turns.step() == SQLITE_DONE &&
         del_events.step() == SQLITE_DONE;
  }
  for (size_t i = 0; ok && i < r.turns.size(); ++i) {
    Stmt t(db_, "INSERT INTO turns VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const auto& tr = r.turns[i];
    t.bind(1, r.id), t.bind(2, static_cast<int64_t>(i)), t.bind(3, tr.role), t.bind(4, tr.text);
    t.bind(5, static_cast<int64_t>(tr.interrupted)), t.bind(6, tr.at_ms);
    ok = t.step() == SQLITE_DONE;
  }
  for (size_t i = 0; ok && i < r.events.size(); ++i) {
    Stmt e(db_, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    const auto& ev = r.events[i];
    e.bind(1, r.id), e.bind(2, static_cast<int64_t>(i)), e.bind(3, ev.at_ms);
    e.bind(4, ev.kind), e.bind(5, ev.detail), e.bind(6, ev.latency_ms);
    ok = e.step() == SQLITE_DONE;
  }
  if (!ok) {
    error = sqlite3_errmsg(db_);
    std::string ignored;
    exec("ROLLBACK;", ignored);
    return false;
  }
  return exec("COMMIT;", error);
}

std::optional<CallRecord> SqliteCallStore::get(const std::string& id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string("SELECT ") + kCallColumns + " FROM calls WHERE id = ?1").c_str());
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  CallRecord r = read_call(s);
  Stmt t(db_, "SELECT role, text, interrupted, at_ms FROM turns WHERE call_id = ?1 ORDER BY seq");
  t.bind(1, id);
  while (t.step() == SQLITE_ROW) {
    r.turns.push_back({t.text(0), t.text(1), t.i64(2) != 0, t.i64(3)});
  }
  Stmt e(db_, "SELECT at_ms, kind, detail, latency_ms FROM events WHERE call_id = ?1 ORDER BY seq");
  e.bind(1, id);
  while (e.step() == SQLITE_ROW) {
    r.events.push_back({e.i64(0), e.text(1), e.text(2), e.real(3)});
  }
  return r;
}

std::vector<CallRecord> SqliteCallStore::list(const ListQuery& q) {
  std::lock_guard lock(mu_);
  const std::string sql = std::string("SELECT ") + kCallColumns +
                          " FROM calls WHERE started_at_ms >= ?1 AND (?2 = 0 OR started_at_ms < "
                          "?2) AND (?3 = '' OR end_reason = ?3) ORDER BY started_at_ms DESC, id "
                          "LIMIT ?4 OFFSET ?5";
  Stmt s(db_, sql.c_str());
  s.bind(1, q.since_ms), s.bind(2, q.until_ms), s.bind(3, q.end_reason);
  s.bind(4, static_cast<int64_t>(q.limit)), s.bind(5, static_cast<int64_t>(q.offset));
  std::vector<CallRecord> out;
  while (s.step() == SQLITE_ROW) out.push_back(read_call(s));
  return out;
}

}  // namespace voxgate::store
