// A SQLite connection as the SQL store uses it (sql::Connection), with its cached prepared
// statements. Internal to store/sqlite.
#pragma once

#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "store/sql/connection.hpp"

namespace samrad::store::sqlite {

// SQLite's failures as the store's: the short reason is SQLite's text for the code.
sql::DatabaseError database_error(int extended_code, const std::string& what);

class SqliteConnection final : public sql::Connection {
 public:
  // Throws sql::DatabaseError when the file cannot be opened.
  SqliteConnection(const std::string& path, int flags);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  void exec(const std::string& sql) override;
  // IMMEDIATE takes the write lock at once, so a batch never fails half-way on a busy database.
  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void begin_snapshot() override { exec("BEGIN"); }
  void rollback_if_open() noexcept override;
  bool in_transaction() const noexcept override { return sqlite3_get_autocommit(db_) == 0; }
  std::int64_t rows_changed() const noexcept override { return sqlite3_total_changes64(db_); }
  const sql::Dialect& dialect() const noexcept override;

 private:
  class Cursor;
  sql::Cursor& prepared(std::string_view sql) override;

  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Cursor>, std::less<>> statements_;
};

}  // namespace samrad::store::sqlite
