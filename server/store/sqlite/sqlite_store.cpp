// Opening the SQLite file for the SQL store (see sqlite_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <stdexcept>

#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace samrad::store {

using sqlite::SqliteConnection;

namespace {

void configure(SqliteConnection& db, std::chrono::milliseconds busy_timeout) {
  db.exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout.count()));
}

}  // namespace

SqliteStore::SqliteStore(const std::string& path, SqliteOptions options)
    : SqliteStore(open(path, options), options.fail_commit) {}

SqliteStore::SqliteStore(Connections connections, std::function<bool()> fail_commit)
    : SqlStore(std::move(connections.writer), std::move(connections.readers),
               SqlOptions{.fail_commit = std::move(fail_commit)}) {}

SqliteStore::Connections SqliteStore::open(const std::string& path, const SqliteOptions& options) {
  auto writer = std::make_unique<SqliteConnection>(
      path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  configure(*writer, options.busy_timeout);
  {
    auto mode = writer->query("PRAGMA journal_mode = WAL");
    if (!mode.step() || mode.text(0) != "wal") {
      throw std::runtime_error("cannot switch " + path + " to WAL mode");
    }
  }
  // In WAL mode FULL syncs the log on every commit, so an acknowledged commit survives power
  // loss, not only a crash of this process.
  writer->exec("PRAGMA synchronous = FULL");
  // A unit of a group commit that must be undone alone runs in a savepoint, whose undo copies of
  // the pages it changes go to a sub-journal (statements that can fail half-way keep one too); past
  // 64 KiB in a transaction SQLite moves that to a temporary file, one write per page and one per
  // page number, all thrown away at the commit (measured: 14 of the 27 writes a post cost). In
  // memory it holds only what one transaction changes. The readers, which sort large exports, keep
  // their temporary files.
  writer->exec("PRAGMA temp_store = MEMORY");
  // Migrations that rebuild a table need foreign keys off while they run (SQLite's procedure).
  sqlite::migrate(*writer);
  writer->exec("PRAGMA foreign_keys = ON");

  Connections connections{.writer = std::move(writer), .readers = {}};
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options.read_connections); ++i) {
    auto reader =
        std::make_unique<SqliteConnection>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    configure(*reader, options.busy_timeout);
    reader->exec("PRAGMA query_only = ON");
    connections.readers.push_back(std::move(reader));
  }
  return connections;
}

}  // namespace samrad::store
