// The embedded store: one SQLite file in WAL mode, through the SQL store (store/sql). It opens the
// file, migrates it and hands SqlStore one write connection and a pool of read connections.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/sql/sql_store.hpp"

namespace samrad::store {

struct SqliteOptions {
  std::size_t read_connections = 4;
  // How long a connection waits for a lock held by another process (e.g. an admin command)
  // before the operation fails with storage_failed.
  std::chrono::milliseconds busy_timeout{5000};
  // See SqlOptions::fail_commit.
  std::function<bool()> fail_commit;
};

class SqliteStore final : public SqlStore {
 public:
  // Opens (creating if needed) and migrates the database. Throws when it cannot: the server
  // must not start on a store it cannot use.
  explicit SqliteStore(const std::string& path, SqliteOptions options = {});

 private:
  struct Connections {
    std::unique_ptr<sql::Connection> writer;
    std::vector<std::unique_ptr<sql::Connection>> readers;
  };
  static Connections open(const std::string& path, const SqliteOptions& options);
  SqliteStore(Connections connections, std::function<bool()> fail_commit);
};

}  // namespace samrad::store
