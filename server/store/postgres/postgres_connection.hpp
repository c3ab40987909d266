// A PostgreSQL connection as the SQL store uses it (sql::Connection), on libpq. Statements are
// prepared once per session and their ?N parameters sent as $N, as text; a connection that was
// lost is opened again on its next use outside a transaction. Internal to store/postgres.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "store/sql/connection.hpp"

struct pg_conn;
struct pg_result;

namespace samrad::store::postgres {

// The store's SQL with ?N parameters as PostgreSQL's $N; string literals are left alone.
std::string numbered_parameters(std::string_view sql);

class PostgresConnection final : public sql::Connection {
 public:
  // Connects; throws sql::DatabaseError (connection_lost) when the server cannot be reached.
  explicit PostgresConnection(std::string conninfo);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  void exec(const std::string& sql) override;
  void begin_write() override;
  // When the connection is lost during COMMIT, the outcome is asked of the server once it can be
  // reached again (the transaction's commit marker), so a committed batch is never reported as
  // failed, nor a lost one as committed.
  void commit() override;
  // REPEATABLE READ: every query of the read sees the snapshot its first one took.
  void begin_snapshot() override { exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"); }
  void rollback_if_open() noexcept override;
  bool in_transaction() const noexcept override;
  std::int64_t rows_changed() const noexcept override { return rows_changed_; }
  const sql::Dialect& dialect() const noexcept override;

 private:
  class Cursor;
  sql::Cursor& prepared(std::string_view sql) override;
  // Opens the connection again when it was lost and no transaction was open on it.
  void reconnect_if_lost();
  // Adds the rows a finished statement inserted, updated or deleted to rows_changed_.
  void count_changes(pg_result* result) noexcept;

  std::string conninfo_;
  pg_conn* conn_ = nullptr;
  // Bumped on every reconnect: statements prepared in an earlier session are prepared again.
  std::uint64_t session_ = 0;
  std::int64_t next_statement_ = 0;
  // Every write transaction sets this connection's row of commit_markers (made on its first
  // write, outside any transaction) to a new random marker, and so locks the row until it ends:
  // after a lost COMMIT the row tells whether it committed. A transaction id would not do: one
  // whose records never reached the disk before a crash is handed out again afterwards.
  const std::string writer_;
  std::string write_marker_;
  bool writer_registered_ = false;
  std::int64_t rows_changed_ = 0;
  std::map<std::string, std::unique_ptr<Cursor>, std::less<>> statements_;
};

}  // namespace samrad::store::postgres
