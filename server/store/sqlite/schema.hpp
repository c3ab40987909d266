// The SQLite schema and its migrations, applied in order when the store opens.
#pragma once

#include "store/sqlite/sqlite_connection.hpp"

namespace samrad::store::sqlite {

// The schema version this code writes (PRAGMA user_version after migrating).
int latest_schema_version() noexcept;

// Brings the database up to latest_schema_version(), one transaction per step. Throws when a step
// fails or the database is newer than this code (an older binary must not write to it).
void migrate(SqliteConnection& db);

}  // namespace samrad::store::sqlite
