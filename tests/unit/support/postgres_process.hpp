// Real PostgreSQL 15 servers for tests: initdb in a temporary folder, postgres on a free
// 127.0.0.1 port, stopped (SIGKILL) and the folder removed when the object goes. The server
// binaries are found with `pg_config --bindir`, never on PATH, and never the system cluster on
// port 5432. PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to
// nobody:nogroup and initdb and postgres run as that user. setup.sh installs PostgreSQL.
// Link with PkgConfig::PQ; tests/CMakeLists.txt has samrad_use_postgres(target) for that.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace samrad::testing {

class PostgresServer {
 public:
  // initdb, then postgres on a free port; returns once it accepts connections (or throws with
  // the end of the server log).
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // libpq connection string, e.g. "host=127.0.0.1 port=N dbname=D user=samrad connect_timeout=5".
  std::string conninfo(const std::string& database = "postgres") const;
  // A fresh empty database with a name unique on this server; gives its conninfo. Much cheaper
  // than a server of its own, so each test can have one.
  std::string create_database();

  void kill();     // SIGKILL the postmaster and its children, waits until they are gone
  void restart();  // fast stop when running, then start on the same port and data folder
  void pause();    // SIGSTOP the postmaster and its children (every backend)
  void resume();   // SIGCONT them

 private:
  void start();
  void stop_fast();
  std::string log_tail() const;

  std::filesystem::path folder_;
  int port_ = 0;
  pid_t pid_ = -1;
  std::vector<pid_t> paused_;
  std::atomic<int> databases_created_ = 0;  // tests may create databases from several threads
};

// One server for the whole test binary, started on first use and killed at exit; tests that
// kill, restart or pause a server construct their own instead.
PostgresServer& shared_postgres();

}  // namespace samrad::testing
