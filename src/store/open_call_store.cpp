#include "store/open_call_store.hpp"

#include <filesystem>

#include "store/redact_url.hpp"
#include "store/sqlite_call_store.hpp"

namespace voxgate::store {
namespace {

using Opened = common::Result<std::unique_ptr<CallStore>, std::string>;

Opened open_postgres(const StoreOptions& o) {
  auto pg = PostgresCallStore::open(o.url, o.postgres);
  if (!pg) return common::unexpected(pg.error() + " (check store.url)");
  const std::string path = o.spool.empty() ? default_spool_path(o.db) : o.spool;
  auto spool = RecordSpool::open(std::move(pg).value(), path, o.spool_listener);
  if (!spool) return common::unexpected(spool.error() + " (set store.spool to a writable path)");
  spool.value()->drain();
  return std::unique_ptr<CallStore>(std::move(spool).value());
}

}  // namespace

std::string default_spool_path(const std::string& db) {
  const std::filesystem::path dir = std::filesystem::path(db).parent_path();
  return (dir / "voxgate-spool.jsonl").string();
}

Opened open_call_store(const StoreOptions& o) {
  if (!o.url.empty()) {
    if (!PostgresCallStore::is_url(o.url)) {
      return common::unexpected("store.url '" + redact_url(o.url) +
                                "' is not a postgresql:// or postgres:// URL");
    }
    return open_postgres(o);
  }
  if (o.db.empty()) {
    return common::unexpected(std::string("no call store: set store.url or store.db"));
  }
  auto s = SqliteCallStore::open(o.db);
  if (!s) return common::unexpected(s.error() + " (set store.db or --db to a writable path)");
  return std::unique_ptr<CallStore>(std::move(s).value());
}

}  // namespace voxgate::store
