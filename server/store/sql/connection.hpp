// What the SQL store needs of a database connection, whichever the database: statements with
// numbered parameters (?1, ?2 ...), transactions and savepoints, and the few places where SQLite
// and PostgreSQL must be told apart (Dialect). store/sqlite and store/postgres implement it; the
// store's SQL is written once, in store/sql, against this.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace samrad::store::sql {

// Thrown inside the store only: every database call can fail, and one exception type caught at
// the store's public methods keeps each query readable instead of checking a code on every line.
class DatabaseError : public std::runtime_error {
 public:
  enum class Kind {
    unique_violation,
    foreign_key_violation,
    // The connection is gone, and with it any open transaction.
    connection_lost,
    other,
  };

  // reason: short and fit for a person ("database or disk is full"); what: everything known.
  DatabaseError(Kind kind, std::string reason, const std::string& what)
      : std::runtime_error(what), kind_(kind), reason_(std::move(reason)) {}
  Kind kind() const noexcept { return kind_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  Kind kind_;
  std::string reason_;
};

// One prepared statement of a connection: its bindings and, once stepped, its current row.
class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, std::string_view text) = 0;
  virtual void bind_null(int index) = 0;
  // True when a row is ready, false when the statement has finished.
  virtual bool step() = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::string text(int column) const = 0;
  // Forgets the bindings and any rows left, ready for the next use.
  virtual void reset() noexcept = 0;
};

// A cached statement in use. Leaving the scope resets it, so the next user starts clean and no
// read stays open longer than needed.
class Statement {
 public:
  explicit Statement(Cursor& cursor) : cursor_(&cursor) {}
  Statement(Statement&& other) noexcept : cursor_(std::exchange(other.cursor_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (cursor_ != nullptr) cursor_->reset();
  }

  void bind(int index, std::int64_t value) { cursor_->bind(index, value); }
  void bind(int index, std::string_view text) { cursor_->bind(index, text); }
  void bind(int index, const std::optional<std::int64_t>& value) {
    if (value) {
      cursor_->bind(index, *value);
    } else {
      cursor_->bind_null(index);
    }
  }

  bool step() { return cursor_->step(); }
  // Runs a statement that returns no rows (or whose rows are not needed).
  void run() {
    while (step()) {
    }
  }

  // A boolean expression reads as 1 or 0.
  std::int64_t int64(int column) const { return cursor_->int64(column); }
  bool is_null(int column) const { return cursor_->is_null(column); }
  std::string text(int column) const { return cursor_->text(column); }

 private:
  Cursor* cursor_;
};

// Where the two databases' SQL differs. Everything else is written once, in the SQL both accept.
struct Dialect {
  // A table-valued function giving a JSON array's strings as rows of one column named value.
  std::string_view json_text_values;
  // Run (with the round's id as ?1) before a unit of work reads a round's facts, so that
  // concurrent writers of one round (other instances on a shared database) take turns; empty
  // where there is only one writer.
  std::string_view lock_round;
  // Run before the transparency log's size is read for an append; empty with one writer.
  std::string_view lock_record_log;
  // New ids come from each table's sequence; without them, from max(id) + 1 (one writer).
  bool id_sequences = false;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Runs statements without parameters (schema, transaction control, savepoints).
  virtual void exec(const std::string& sql) = 0;

  // Prepares (once per connection) and binds a statement; parameters are ?1, ?2 ... in order.
  template <class... Args>
  Statement query(std::string_view sql, const Args&... args) {
    Statement statement(prepared(sql));
    [[maybe_unused]] int index = 0;
    (statement.bind(++index, args), ...);
    return statement;
  }

  // A transaction that writes; with group commit there is one at a time per connection.
  virtual void begin_write() = 0;
  // Commits; throws when the commit failed or its outcome cannot be known.
  virtual void commit() = 0;
  // A read-only transaction: every query in it sees one snapshot.
  virtual void begin_snapshot() = 0;
  // Ends an open transaction on a cleanup path, where there is nothing better to do with a
  // failure: the next BEGIN reports the connection's state if the rollback did not happen.
  virtual void rollback_if_open() noexcept = 0;
  // False once the database has ended a transaction on its own (an I/O error, a lost connection).
  virtual bool in_transaction() const noexcept = 0;
  // Rows inserted, updated or deleted through this connection since it opened: a unit of work
  // that changed none has nothing to undo.
  virtual std::int64_t rows_changed() const noexcept = 0;

  virtual const Dialect& dialect() const noexcept = 0;

 protected:
  virtual Cursor& prepared(std::string_view sql) = 0;
};

}  // namespace samrad::store::sql
