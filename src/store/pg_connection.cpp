#include "store/pg_connection.hpp"

#include <cstring>

namespace voxgate::store {
namespace {

// SQLSTATEs of failures that may pass on their own (PostgreSQL manual,
// appendix A): by class, a connection lost (08), not enough resources such
// as a full disk or too many connections (53), an operator's shutdown or a
// cancel (57), an I/O error (58); by code, a serialization failure or a
// deadlock (40001, 40P01), a commit whose outcome is unknown (40003), a
// lock not available (55P03), and a read-only standby (25006) while a
// failover promotes a new primary.
bool may_pass(const char* sqlstate) {
  if (!sqlstate || std::strlen(sqlstate) != 5) return true;  // no server answer
  for (const char* cls : {"08", "53", "57", "58"}) {
    if (std::strncmp(sqlstate, cls, 2) == 0) return true;
  }
  for (const char* code : {"40001", "40P01", "40003", "55P03", "25006"}) {
    if (std::strcmp(sqlstate, code) == 0) return true;
  }
  return false;
}

// libpq's messages end with a newline and may span lines.
std::string one_line(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s.empty() ? "unknown error" : s;
}

}  // namespace

common::Result<std::unique_ptr<PgConnection>, std::string> PgConnection::open(
    const std::string& url, std::string shown_url, int connect_timeout_s,
    std::vector<PgStatement> statements) {
  // With expand_dbname the URL in `dbname` is parsed where it stands: the
  // keywords before it are defaults it may override (libpq, "Database
  // Connection Control Functions").
  const std::string timeout = std::to_string(connect_timeout_s);
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), "voxgate", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn) return common::unexpected(std::string("cannot connect to PostgreSQL: out of memory"));
  // Notices (e.g. CREATE TABLE IF NOT EXISTS finding the table) are not
  // errors; libpq would print each one on stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgConnection> c(
      new PgConnection(conn, std::move(shown_url), std::move(statements)));
  if (!c->up()) {
    return common::unexpected("cannot connect to PostgreSQL at " + c->shown_url_ + ": " +
                              one_line(PQerrorMessage(conn)));
  }
  return c;
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::ready(std::string& error) {
  if (!up()) {
    prepared_ = false;
    PQreset(conn_);
    if (!up()) {
      error = "cannot reach PostgreSQL at " + shown_url_ + ": " + one_line(PQerrorMessage(conn_));
      return false;
    }
  }
  return prepared_ || prepare(error);
}

bool PgConnection::prepare(std::string& error) {
  for (const auto& s : statements_) {
    const PgResult r(PQprepare(conn_, s.name, s.sql, 0, nullptr));
    if (!ok(r.get())) {
      error = "cannot prepare statement '" + std::string(s.name) + "': " + this->error(r.get());
      return false;
    }
  }
  prepared_ = true;
  return true;
}

PgResult PgConnection::exec(const std::string& sql) {
  return PgResult(PQexec(conn_, sql.c_str()));
}

PgResult PgConnection::run(const char* name, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return PgResult(PQexecPrepared(conn_, name, static_cast<int>(values.size()), values.data(),
                                 nullptr, nullptr, 0));
}

bool PgConnection::ok(const PGresult* r) {
  const ExecStatusType s = PQresultStatus(r);
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

SaveOutcome PgConnection::outcome(const PGresult* r) const {
  if (!up() || !r) return SaveOutcome::kRetry;
  return may_pass(PQresultErrorField(r, PG_DIAG_SQLSTATE)) ? SaveOutcome::kRetry
                                                           : SaveOutcome::kFailed;
}

std::string PgConnection::error(const PGresult* r) const {
  const char* msg = r ? PQresultErrorMessage(r) : "";
  if (!msg || !*msg) msg = PQerrorMessage(conn_);
  return "PostgreSQL at " + shown_url_ + ": " + one_line(msg);
}

}  // namespace voxgate::store
