// SQLite's side of sql::Connection (see sqlite_connection.hpp).
#include "store/sqlite/sqlite_connection.hpp"

namespace samrad::store::sqlite {

sql::DatabaseError database_error(int extended_code, const std::string& what) {
  using Kind = sql::DatabaseError::Kind;
  const Kind kind =
      extended_code == SQLITE_CONSTRAINT_UNIQUE || extended_code == SQLITE_CONSTRAINT_PRIMARYKEY
          ? Kind::unique_violation
      : extended_code == SQLITE_CONSTRAINT_FOREIGNKEY ? Kind::foreign_key_violation
                                                      : Kind::other;
  return sql::DatabaseError(kind, sqlite3_errstr(extended_code), what);
}

class SqliteConnection::Cursor final : public sql::Cursor {
 public:
  Cursor(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Cursor() override { sqlite3_finalize(stmt_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void bind(int index, std::int64_t value) override {
    check(sqlite3_bind_int64(stmt_, index, value));
  }
  void bind(int index, std::string_view text) override {
    check(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_null(int index) override { check(sqlite3_bind_null(stmt_, index)); }

  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw database_error(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
  }

  std::int64_t int64(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::string text(int column) const override {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                : std::string();
  }

  void reset() noexcept override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw database_error(rc, sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

namespace {

// SQLite counts every allocation under a process-wide mutex unless told not to; nothing here
// reads those counts, and on the writer's thread the lock and unlock were ~8 % of a post's CPU.
// It can only be set before the library initialises, that is before the first connection opens.
void stop_counting_memory() {
  static const int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)rc;
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path, int flags) {
  stop_counting_memory();
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_EXRESCODE, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw database_error(rc, "cannot open database " + path + ": " + message);
  }
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();
  sqlite3_close_v2(db_);
}

void SqliteConnection::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string what = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw database_error(sqlite3_extended_errcode(db_), what);
  }
}

void SqliteConnection::rollback_if_open() noexcept {
  if (in_transaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

const sql::Dialect& SqliteConnection::dialect() const noexcept {
  // One writer per file (the write lock): nothing to lock, and max(id) + 1 is safe.
  static constexpr sql::Dialect sqlite{.json_text_values = "json_each",
                                       .lock_round = "",
                                       .lock_record_log = "",
                                       .id_sequences = false};
  return sqlite;
}

sql::Cursor& SqliteConnection::prepared(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) return *found->second;
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) throw database_error(rc, sqlite3_errmsg(db_));
  return *statements_.emplace(std::string(sql), std::make_unique<Cursor>(db_, stmt)).first->second;
}

}  // namespace samrad::store::sqlite
