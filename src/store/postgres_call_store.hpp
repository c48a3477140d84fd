#pragma once
// CallStore on PostgreSQL, for more than one machine (ARCHITECTURE.md
// "Scale"): the tables of the SQLite store, created and migrated at open
// (postgres_schema.hpp), written through statements prepared once per
// session. One libpq connection guarded by a mutex: every call blocks the
// others for one round trip or transaction, which suits one RecordWriter
// thread and the API's reads. A connection the server dropped is reopened
// by the next call; put() reports kRetry while the server cannot be reached.
// The URL's password never appears in an error (redact_url).

#include <memory>
#include <mutex>
#include <string>

#include "common/result.hpp"
#include "store/call_store.hpp"

namespace voxgate::store {

class PgConnection;

struct PostgresOptions {
  // Seconds libpq waits to connect, unless the URL sets connect_timeout.
  int connect_timeout_s = 5;
};

class PostgresCallStore final : public CallStore {
 public:
  // True for the URLs this store takes: postgresql:// and postgres://.
  static bool is_url(const std::string& url);
  // Connects and migrates; an unreachable server is an error here (a store
  // that cannot be checked at start-up is not opened).
  static common::Result<std::unique_ptr<PostgresCallStore>, std::string> open(
      const std::string& url, const PostgresOptions& options = {});
  ~PostgresCallStore() override;

  // kRetry while the server cannot be reached or the failure may pass (see
  // pg_connection.cpp); kFailed for a constraint, a bad schema or value.
  SaveOutcome put(const CallRecord& record, std::string& error) override;
  // Nothing (nullopt, empty) when the server cannot be reached.
  std::optional<CallRecord> get(const std::string& id) override;
  std::vector<CallRecord> list(const ListQuery& query) override;

  // The schema version applied (schema_version), or -1 when unreachable.
  int schema_version();

 private:
  explicit PostgresCallStore(std::unique_ptr<PgConnection> conn);
  // Runs `body` (true when done) on a ready connection, under mu_.
  template <typename Body>
  bool attempt(Body body, std::string& error);

  std::mutex mu_;
  std::unique_ptr<PgConnection> conn_;
};

}  // namespace voxgate::store
