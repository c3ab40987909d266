// The PostgreSQL schema and its migrations, applied in order when the store opens.
#pragma once

#include "store/postgres/postgres_connection.hpp"

namespace samrad::store::postgres {

// The schema version this code writes (samrad_schema.version after migrating).
int latest_schema_version() noexcept;

// Brings the database up to latest_schema_version(), one transaction per step, holding an advisory
// lock so that instances starting together apply each step once. Throws when a step fails or the
// database is newer than this code (an older binary must not write to it).
void migrate(PostgresConnection& db);

}  // namespace samrad::store::postgres
