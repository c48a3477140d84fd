#pragma once
// A throwaway PostgreSQL server for the store's tests: initdb in a fresh
// temporary folder, pg_ctl start on a free 127.0.0.1 port with its socket in
// that folder, password authentication over TCP (so store URLs carry a
// password, as in production). stop() and start() again keep the data and
// the port, to test reconnects. The destructor stops it and removes the
// folder. PostgreSQL refuses to run as root: as root, its binaries run as the
// 'postgres' user (runuser), which then owns the folder.

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"

namespace voxgate::store::test {

class PostgresServer {
 public:
  static constexpr const char* kUser = "voxgate";

  // The folder of initdb and pg_ctl: $VOXGATE_PG_BINDIR, else the newest
  // /usr/lib/postgresql/<version>/bin that has them; empty when none.
  static std::string find_bindir();
  // True when the environment says a missing server fails the tests
  // (VOXGATE_REQUIRE_SERVERS=1, as CI sets) instead of skipping them.
  static bool required();

  // Creates the cluster and starts it; the error says what failed.
  static common::Result<std::unique_ptr<PostgresServer>, std::string> launch(
      const std::string& bindir, const std::string& password);
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Waits (pg_ctl -w, then PQping in a bounded loop) until it accepts
  // connections.
  bool start(std::string& error);
  // A fast shutdown: open connections are closed by the server.
  bool stop(std::string& error);
  bool running() const { return running_; }

  uint16_t port() const { return port_; }
  // postgresql://voxgate:<password>@127.0.0.1:<port>/<database>
  std::string url(const std::string& database) const;
  std::string url(const std::string& database, const std::string& password) const;
  // Runs SQL in `database` as the cluster's superuser; false with `error`.
  bool exec(const std::string& database, const std::string& sql, std::string& error) const;
  // SQL that returns one value: that value as text, or "<error: ...>".
  std::string scalar(const std::string& database, const std::string& sql) const;

 private:
  PostgresServer(std::string bindir, std::string dir, std::string password, uint16_t port)
      : bindir_(std::move(bindir)),
        dir_(std::move(dir)),
        password_(std::move(password)),
        port_(port) {}
  // Runs a PostgreSQL binary (as 'postgres' when root); output to the log.
  bool run(const std::string& tool, const std::string& args, std::string& error) const;
  bool init(std::string& error);
  std::string conninfo(const std::string& database) const;

  const std::string bindir_, dir_, password_;
  const uint16_t port_;
  bool running_ = false;
};

}  // namespace voxgate::store::test
