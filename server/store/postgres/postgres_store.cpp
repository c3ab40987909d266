// Connecting the SQL store to PostgreSQL (see postgres_store.hpp).
#include "store/postgres/postgres_store.hpp"

#include <algorithm>

#include "store/postgres/postgres_connection.hpp"
#include "store/postgres/schema.hpp"

namespace samrad::store {

using postgres::PostgresConnection;

PostgresStore::PostgresStore(PostgresOptions options)
    : PostgresStore(open(options), options.fail_commit) {}

PostgresStore::PostgresStore(Connections connections, std::function<bool()> fail_commit)
    : SqlStore(std::move(connections.writer), std::move(connections.readers),
               SqlOptions{.fail_commit = std::move(fail_commit)}) {}

PostgresStore::Connections PostgresStore::open(const PostgresOptions& options) {
  auto writer = std::make_unique<PostgresConnection>(options.conninfo);
  postgres::migrate(*writer);
  Connections connections{.writer = std::move(writer), .readers = {}};
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options.read_connections); ++i) {
    connections.readers.push_back(std::make_unique<PostgresConnection>(options.conninfo));
  }
  return connections;
}

}  // namespace samrad::store
