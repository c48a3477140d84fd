#pragma once
// The PostgreSQL call-record schema as ordered migrations: migration i brings
// the schema to version i + 1, recorded as a row of schema_version. Never
// edit one that has shipped: add a new one. Internal to
// postgres_call_store.cpp.
//
// Version 1 is SQLite's schema version 2 (sqlite_schema.hpp): the
// same tables and columns, one row per stream keyed by the record key, with
// PostgreSQL's types. row_seq stands in for SQLite's rowid, which breaks ties
// in the order of get() and list(): it keeps the order rows were first
// inserted in, and an upsert leaves it alone, as it leaves the rowid.

#include <array>

namespace voxgate::store::postgres_schema {

// Taken for the migration's transaction (pg_advisory_xact_lock), so instances
// starting together migrate one at a time: the second finds the work done.
inline constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7665712403)";

inline constexpr const char* kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

inline constexpr const char* kCurrentVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_version";

inline constexpr std::array<const char*, 2> kMigrations = {
    // 1: one row per stream (BEHAVIOUR 6: a second stream for the same call id
    // never overwrites the first one's record).
    R"sql(
CREATE TABLE calls (
  key TEXT PRIMARY KEY, id TEXT NOT NULL, call_sid TEXT, stream_sid TEXT,
  started_at_ms BIGINT NOT NULL, ended_at_ms BIGINT NOT NULL DEFAULT 0,
  end_reason TEXT NOT NULL DEFAULT '',
  first_audio_ms DOUBLE PRECISION, turn_latency_ms DOUBLE PRECISION,
  barge_in_latency_ms DOUBLE PRECISION, recording_path TEXT NOT NULL DEFAULT '',
  row_seq BIGINT GENERATED ALWAYS AS IDENTITY);
CREATE INDEX calls_started ON calls(started_at_ms);
CREATE INDEX calls_id ON calls(id, started_at_ms);
CREATE TABLE turns (
  record_key TEXT NOT NULL REFERENCES calls(key) ON DELETE CASCADE, seq INTEGER NOT NULL,
  role TEXT NOT NULL, text TEXT NOT NULL, interrupted BOOLEAN NOT NULL, at_ms BIGINT NOT NULL,
  PRIMARY KEY (record_key, seq));
CREATE TABLE events (
  record_key TEXT NOT NULL REFERENCES calls(key) ON DELETE CASCADE, seq INTEGER NOT NULL,
  at_ms BIGINT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, latency_ms DOUBLE PRECISION,
  PRIMARY KEY (record_key, seq));
)sql",
    // 2: the carrier and the caller's number (SQLite's version 3); rows
    // written before read as empty (unknown).
    R"sql(
ALTER TABLE calls ADD COLUMN carrier TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN caller TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace voxgate::store::postgres_schema
