#pragma once
// One libpq connection for the PostgreSQL call store: opened from a URL,
// reopened with PQreset after the server dropped it, and the store's
// statements prepared again on each new session (a prepared statement lives
// in its session). Failures are sorted into those that may pass (the server
// is down or restarting, a deadlock, a full disk) and those that will not.
// Not thread-safe: PostgresCallStore serialises every call under its mutex.
// Internal to the store module.

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/call_store.hpp"

namespace voxgate::store {

struct PgResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

// A statement prepared on every session under `name`.
struct PgStatement {
  const char* name;
  const char* sql;
};

// A text-format parameter; nullopt is SQL NULL.
using PgParam = std::optional<std::string>;

class PgConnection {
 public:
  // Connects to `url` (a postgresql:// URL). `shown_url` is the URL with its
  // password hidden (redact_url), the only form that goes into an error.
  // connect_timeout_s applies unless the URL sets its own connect_timeout.
  static common::Result<std::unique_ptr<PgConnection>, std::string> open(
      const std::string& url, std::string shown_url, int connect_timeout_s,
      std::vector<PgStatement> statements);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // True when the session is up with every statement prepared; a dropped
  // connection is reopened first. Else false with `error` set.
  bool ready(std::string& error);
  // False once the server is known to be gone (the next ready() reconnects).
  bool up() const { return PQstatus(conn_) == CONNECTION_OK; }

  // One or more SQL statements, no parameters (the simple query protocol).
  PgResult exec(const std::string& sql);
  // A statement prepared by ready(), by name.
  PgResult run(const char* name, const std::vector<PgParam>& params);

  // True when `r` is a success (a command, or rows).
  static bool ok(const PGresult* r);
  // How a failed `r` should be reported: kRetry when it may pass.
  SaveOutcome outcome(const PGresult* r) const;
  // The failure's text, one line, with the shown URL.
  std::string error(const PGresult* r) const;

 private:
  PgConnection(PGconn* conn, std::string shown_url, std::vector<PgStatement> statements)
      : conn_(conn), shown_url_(std::move(shown_url)), statements_(std::move(statements)) {}
  bool prepare(std::string& error);

  PGconn* conn_;
  const std::string shown_url_;
  const std::vector<PgStatement> statements_;
  bool prepared_ = false;
};

}  // namespace voxgate::store
