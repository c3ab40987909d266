// The store the configuration names: PostgreSQL when [database] postgres is set (several
// instances share it), otherwise the SQLite file at [database] path (the embedded default).
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"
#include "store/sql/sql_store.hpp"

namespace samrad::app {

// Opens and migrates it; throws with a clear message when it cannot.
std::unique_ptr<store::SqlStore> open_store(const Config& config);

// Where the store is, for the log and for people: the SQLite path, or the PostgreSQL server
// without its password.
std::string describe_store(const Config& config);

}  // namespace samrad::app
