// Choosing and opening the store (see open_store.hpp).
#include "app/open_store.hpp"

#include <libpq-fe.h>

#include "store/postgres/postgres_store.hpp"
#include "store/sql/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::app {

std::unique_ptr<store::SqlStore> open_store(const Config& config) {
  try {
    if (config.postgres.empty()) return std::make_unique<store::SqliteStore>(config.database_path);
    return std::make_unique<store::PostgresStore>(
        store::PostgresOptions{.conninfo = config.postgres});
  } catch (const store::sql::DatabaseError& e) {
    throw std::runtime_error("store: cannot open " + describe_store(config) + ": " + e.what());
  }
}

std::string describe_store(const Config& config) {
  if (config.postgres.empty()) return "SQLite " + config.database_path;
  // The connection string may hold a password: name only where and which database.
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(config.postgres.c_str(), &error);
  if (options == nullptr) {
    PQfreemem(error);
    return "PostgreSQL (connection string not understood)";
  }
  std::string host = "local socket", port, database;
  for (auto* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    if (keyword == "host" || keyword == "hostaddr") host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") database = option->val;
  }
  PQconninfoFree(options);
  return "PostgreSQL " + host + (port.empty() ? "" : ":" + port) +
         (database.empty() ? "" : " database " + database);
}

}  // namespace samrad::app
