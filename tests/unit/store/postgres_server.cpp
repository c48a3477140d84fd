#include "postgres_server.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "fakes/servers/throwaway_server.hpp"

namespace voxgate::store::test {
namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string tail_of(const std::string& path, size_t chars = 1500) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  return s.size() > chars ? s.substr(s.size() - chars) : s;
}

// PostgreSQL will not run as root; the package's service user will do.
bool hand_to_postgres_user(const std::string& dir, std::string& error) {
  if (::geteuid() != 0) return true;
  const passwd* pw = ::getpwnam("postgres");
  if (!pw) {
    error =
        "running as root, and there is no 'postgres' user to run PostgreSQL as "
        "(PostgreSQL refuses root; the postgresql package creates that user)";
    return false;
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (::chown(entry.path().c_str(), pw->pw_uid, pw->pw_gid) != 0) error = "chown failed";
  }
  if (::chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) error = "chown failed";
  return error.empty();
}

}  // namespace

std::string PostgresServer::find_bindir() {
  if (const char* env = std::getenv("VOXGATE_PG_BINDIR"); env && *env) return env;
  std::string best;
  int best_version = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const int version = std::atoi(entry.path().filename().c_str());
    const fs::path bin = entry.path() / "bin";
    if (version > best_version && fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl")) {
      best_version = version;
      best = bin.string();
    }
  }
  return best;
}

bool PostgresServer::required() {
  return voxgate::testing::servers_required();
}

common::Result<std::unique_ptr<PostgresServer>, std::string> PostgresServer::launch(
    const std::string& bindir, const std::string& password) {
  std::string tmpl = (fs::temp_directory_path() / "voxgate_pg_XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return common::unexpected(std::string("mkdtemp failed"));
  const uint16_t port = voxgate::testing::free_loopback_port();
  std::unique_ptr<PostgresServer> s(new PostgresServer(bindir, tmpl, password, port));
  std::string error;
  if (port == 0) error = "no free port on 127.0.0.1";
  if (error.empty()) std::ofstream(tmpl + "/pwfile") << password << "\n";
  if (error.empty() && hand_to_postgres_user(tmpl, error) && s->init(error) && s->start(error)) {
    return s;
  }
  return common::unexpected(error);
}

PostgresServer::~PostgresServer() {
  std::string ignored;
  if (running_) stop(ignored);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

bool PostgresServer::run(const std::string& tool, const std::string& args,
                         std::string& error) const {
  const std::string log = dir_ + "/tools.log";
  const std::string as = ::geteuid() == 0 ? "runuser -u postgres -- " : "";
  const std::string cmd = as + "env LC_ALL=C " + quoted(bindir_ + "/" + tool) + " " + args + " >>" +
                          quoted(log) + " 2>&1";
  const int rc = std::system(cmd.c_str());
  if (rc == 0) return true;
  error = tool + " failed (status " + std::to_string(rc) + "): " + tail_of(log) +
          "\nserver log: " + tail_of(dir_ + "/server.log");
  return false;
}

// Local (socket) connections are trusted; TCP ones need the password.
bool PostgresServer::init(std::string& error) {
  return run("initdb",
             "-D " + quoted(dir_ + "/data") + " -U " + kUser +
                 " --pwfile=" + quoted(dir_ + "/pwfile") +
                 " -A trust --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync",
             error);
}

bool PostgresServer::start(std::string& error) {
  const std::string options =
      "-k " + dir_ + " -p " + std::to_string(port_) + " -c listen_addresses=127.0.0.1 -c fsync=off";
  if (!run("pg_ctl",
           "-D " + quoted(dir_ + "/data") + " -l " + quoted(dir_ + "/server.log") +
               " -w -t 60 -o " + quoted(options) + " start",
           error)) {
    return false;
  }
  running_ = true;
  // pg_ctl -w has waited already; this confirms TCP answers, within 10 s.
  const std::string ping =
      "host=127.0.0.1 port=" + std::to_string(port_) + " dbname=postgres connect_timeout=2";
  for (int i = 0; i < 100; ++i) {
    if (PQping(ping.c_str()) == PQPING_OK) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  error = "the server does not answer on 127.0.0.1:" + std::to_string(port_) + ": " +
          tail_of(dir_ + "/server.log");
  return false;
}

bool PostgresServer::stop(std::string& error) {
  if (!run("pg_ctl", "-D " + quoted(dir_ + "/data") + " -m fast -w -t 60 stop", error)) {
    return false;
  }
  running_ = false;
  return true;
}

std::string PostgresServer::url(const std::string& database) const {
  return url(database, password_);
}

std::string PostgresServer::url(const std::string& database, const std::string& password) const {
  return std::string("postgresql://") + kUser + ":" + password +
         "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::conninfo(const std::string& database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + kUser +
         " password=" + password_ + " dbname=" + database + " connect_timeout=5";
}

bool PostgresServer::exec(const std::string& database, const std::string& sql,
                          std::string& error) const {
  PGconn* c = PQconnectdb(conninfo(database).c_str());
  PGresult* r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql.c_str()) : nullptr;
  const ExecStatusType s = PQresultStatus(r);
  const bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
  if (!ok) error = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  return ok;
}

std::string PostgresServer::scalar(const std::string& database, const std::string& sql) const {
  PGconn* c = PQconnectdb(conninfo(database).c_str());
  PGresult* r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql.c_str()) : nullptr;
  std::string out;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
    out = PQgetvalue(r, 0, 0);
  } else {
    out = std::string("<error: ") + (r ? PQresultErrorMessage(r) : PQerrorMessage(c)) + ">";
  }
  PQclear(r);
  PQfinish(c);
  return out;
}

}  // namespace voxgate::store::test
