// A thin RAII layer over the SQLite C API: one connection with its cached prepared statements.
// Internal to store/sqlite; SqliteStore turns SqliteError into storage_failed at its boundary.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace samrad::store::sqlite {

// Thrown inside the store only: every SQLite call can fail, and one exception type caught at the
// store's public methods keeps each query readable instead of checking a code on every line.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const noexcept { return code_; }  // extended result code

 private:
  int code_;
};

// A cached prepared statement in use. Leaving the scope resets it and clears its bindings, so the
// next user starts clean and no read stays open longer than needed.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (stmt_ == nullptr) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind(int index, std::string_view text) {
    check(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind(int index, const std::optional<std::int64_t>& value) {
    if (value) {
      bind(index, *value);
    } else {
      check(sqlite3_bind_null(stmt_, index));
    }
  }

  // True when a row is ready, false when the statement has finished.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SqliteError(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
  }

  // Runs a statement that returns no rows (or whose rows are not needed).
  void run() {
    while (step()) {
    }
  }

  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string();
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw SqliteError(rc, sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  Connection(const std::string& path, int flags) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
    if (rc != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      throw SqliteError(rc, "cannot open database " + path + ": " + message);
    }
  }
  ~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters (pragmas, schema, transaction control).
  void exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      const std::string what = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      throw SqliteError(sqlite3_extended_errcode(db_), what);
    }
  }

  // Prepares (once per connection) and binds a statement; parameters are ?1, ?2 ... in order.
  template <class... Args>
  Statement query(std::string_view sql, const Args&... args) {
    Statement statement(db_, prepared(sql));
    [[maybe_unused]] int index = 0;
    (statement.bind(++index, args), ...);
    return statement;
  }

  // Ends an open transaction on a cleanup path, where there is nothing better to do with a
  // failure: the next BEGIN reports the connection's state if the rollback did not happen.
  void rollback_if_open() noexcept {
    if (in_transaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const noexcept { return sqlite3_changes64(db_); }

  // False once SQLite has rolled back a transaction on its own (e.g. after an I/O error).
  bool in_transaction() const noexcept { return sqlite3_get_autocommit(db_) == 0; }

 private:
  sqlite3_stmt* prepared(std::string_view sql) {
    if (auto found = statements_.find(sql); found != statements_.end()) return found->second;
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw SqliteError(rc, sqlite3_errmsg(db_));
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace samrad::store::sqlite
