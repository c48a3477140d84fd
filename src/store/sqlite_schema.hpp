#pragma once
// The SQLite call-record schema as ordered migrations: migration i brings
// the schema to version i + 1 (PRAGMA user_version). Never edit one that has
// shipped: add a new one. Internal to sqlite_call_store.cpp.

#include <array>

namespace voxgate::store::sqlite_schema {

inline constexpr std::array<const char*, 3> kMigrations = {
    // 1: one row per call id.
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
    // 2: one row per stream (BEHAVIOUR 6: a second stream for the same call id
    // never overwrites the first one's record). The key of an existing row is
    // derived as the store derives it for a record without one: id/stream_sid.
    R"sql(
CREATE TABLE calls_v2 (
  key TEXT PRIMARY KEY, id TEXT NOT NULL, call_sid TEXT, stream_sid TEXT,
  started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER NOT NULL DEFAULT 0,
  end_reason TEXT NOT NULL DEFAULT '',
  first_audio_ms REAL, turn_latency_ms REAL, barge_in_latency_ms REAL,
  recording_path TEXT NOT NULL DEFAULT '');
INSERT INTO calls_v2 SELECT id || '/' || COALESCE(stream_sid, ''), id, call_sid, stream_sid,
  started_at_ms, ended_at_ms, end_reason, first_audio_ms, turn_latency_ms, barge_in_latency_ms,
  recording_path FROM calls;
CREATE TABLE turns_v2 (
  record_key TEXT NOT NULL REFERENCES calls_v2(key) ON DELETE CASCADE, seq INTEGER NOT NULL,
  role TEXT NOT NULL, text TEXT NOT NULL, interrupted INTEGER NOT NULL, at_ms INTEGER NOT NULL,
  PRIMARY KEY (record_key, seq));
INSERT INTO turns_v2 SELECT c.key, t.seq, t.role, t.text, t.interrupted, t.at_ms
  FROM turns t JOIN calls_v2 c ON c.id = t.call_id;
CREATE TABLE events_v2 (
  record_key TEXT NOT NULL REFERENCES calls_v2(key) ON DELETE CASCADE, seq INTEGER NOT NULL,
  at_ms INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, latency_ms REAL,
  PRIMARY KEY (record_key, seq));
INSERT INTO events_v2 SELECT c.key, e.seq, e.at_ms, e.kind, e.detail, e.latency_ms
  FROM events e JOIN calls_v2 c ON c.id = e.call_id;
DROP TABLE turns;
DROP TABLE events;
DROP TABLE calls;
ALTER TABLE calls_v2 RENAME TO calls;
ALTER TABLE turns_v2 RENAME TO turns;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX calls_started ON calls(started_at_ms);
CREATE INDEX calls_id ON calls(id, started_at_ms);
)sql",
    // 3: the carrier and the caller's number; rows written before read as
    // empty (unknown).
    R"sql(
ALTER TABLE calls ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN caller TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace voxgate::store::sqlite_schema
