#pragma once
// Opens the call store the configuration names: PostgreSQL behind a record
// spool when a postgresql:// URL is set (ARCHITECTURE.md "Scale"), else
// SQLite at the database path (the single-machine default).

#include <memory>
#include <string>

#include "common/result.hpp"
#include "store/call_store.hpp"
#include "store/postgres_call_store.hpp"
#include "store/record_spool.hpp"

namespace voxgate::store {

struct StoreOptions {
  std::string url;    // postgresql:// or postgres://; empty = SQLite at `db`
  std::string db;     // the SQLite file
  std::string spool;  // PostgreSQL's spool file; empty = default_spool_path(db)
  RecordSpool::Listener* spool_listener = nullptr;  // outlives the store
  PostgresOptions postgres;
};

// The spool next to the SQLite database: voxgate-spool.jsonl in its folder
// (the working directory when `db` names none).
std::string default_spool_path(const std::string& db);

// Opens and migrates the store; with a URL, replays what the spool kept
// from an earlier run. The error names what to fix, with the URL's password
// hidden.
common::Result<std::unique_ptr<CallStore>, std::string> open_call_store(
    const StoreOptions& options);

}  // namespace voxgate::store
