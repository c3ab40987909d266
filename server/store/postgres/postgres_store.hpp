// The shared store for several instances: one PostgreSQL database, through the SQL store
// (store/sql). It connects, migrates and hands SqlStore one write connection and a pool of read
// connections. Instances writing to one database take turns per round (Dialect::lock_round).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/sql/sql_store.hpp"

namespace samrad::store {

struct PostgresOptions {
  // A libpq connection string, e.g. "host=db.example port=5432 dbname=samrad user=samrad".
  std::string conninfo;
  std::size_t read_connections = 4;
  // See SqlOptions::fail_commit.
  std::function<bool()> fail_commit = nullptr;
};

class PostgresStore final : public SqlStore {
 public:
  // Connects and migrates. Throws when it cannot: the server must not start on a store it cannot
  // use. Once running, a lost connection is opened again on its next use.
  explicit PostgresStore(PostgresOptions options);

 private:
  struct Connections {
    std::unique_ptr<sql::Connection> writer;
    std::vector<std::unique_ptr<sql::Connection>> readers;
  };
  static Connections open(const PostgresOptions& options);
  PostgresStore(Connections connections, std::function<bool()> fail_commit);
};

}  // namespace samrad::store
