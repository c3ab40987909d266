// PostgreSQL's side of sql::Connection (see postgres_connection.hpp).
#include "store/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <optional>
#include <random>
#include <thread>
#include <utility>
#include <vector>

namespace samrad::store::postgres {

namespace {

using Kind = sql::DatabaseError::Kind;

// How long a COMMIT whose connection was lost waits for the server to say whether it committed.
constexpr auto commit_confirmation_time = std::chrono::seconds(30);

std::string_view field(const PGresult* result, int code) {
  const char* value = result != nullptr ? PQresultErrorField(result, code) : nullptr;
  return value != nullptr ? value : "";
}

sql::DatabaseError error_of(PGconn* conn, const PGresult* result) {
  const std::string_view state = field(result, PG_DIAG_SQLSTATE);
  std::string detail = result != nullptr ? PQresultErrorMessage(result) : "";
  if (detail.empty()) detail = PQerrorMessage(conn);
  // Class 08 is a connection exception; 57P01-57P03 a server shutting down or starting.
  if (PQstatus(conn) == CONNECTION_BAD || state.starts_with("08") || state.starts_with("57P")) {
    return {Kind::connection_lost, "the connection to the database was lost", detail};
  }
  if (state == "23505") return {Kind::unique_violation, "a unique value is already taken", detail};
  if (state == "23503") return {Kind::foreign_key_violation, "a referenced row is missing", detail};
  if (state.starts_with("53")) return {Kind::other, "the database server is out of space", detail};
  const auto primary = field(result, PG_DIAG_MESSAGE_PRIMARY);
  return {Kind::other, primary.empty() ? detail : std::string(primary), detail};
}

bool succeeded(const PGresult* result) {
  const auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

// A result freed on leaving the scope.
struct Result {
  PGresult* result;
  ~Result() { PQclear(result); }
};

// 128 random bits as hex: a writer's name, a transaction's marker.
std::string random_marker() {
  static thread_local std::mt19937_64 bits{std::random_device{}()};
  std::string marker;
  for (int word = 0; word < 2; ++word) {
    char text[17];
    const auto end = std::to_chars(text, text + 16, bits(), 16).ptr;
    marker.append(16 - static_cast<std::size_t>(end - text), '0').append(text, end);
  }
  return marker;
}

}  // namespace

std::string numbered_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  bool in_literal = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') in_literal = !in_literal;  // '' inside a literal toggles twice
    const bool numbered =
        c == '?' && !in_literal && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9';
    out += numbered ? '$' : c;
  }
  return out;
}

class PostgresConnection::Cursor final : public sql::Cursor {
 public:
  Cursor(PostgresConnection& owner, std::string_view sql, std::int64_t number)
      : owner_(owner), sql_(numbered_parameters(sql)), name_("s" + std::to_string(number)) {}
  ~Cursor() override { PQclear(result_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  void bind(int index, std::int64_t value) override { parameter(index) = std::to_string(value); }
  void bind(int index, std::string_view text) override {
    // Text parameters travel NUL-terminated: one inside would cut the value short unseen.
    if (text.find('\0') != std::string_view::npos) {
      throw sql::DatabaseError(Kind::other, "the text holds a NUL character",
                               "a NUL character cannot be stored in PostgreSQL text");
    }
    parameter(index) = std::string(text);
  }
  void bind_null(int index) override { parameter(index) = std::nullopt; }

  bool step() override {
    if (result_ == nullptr) execute();
    return ++row_ < PQntuples(result_);
  }

  std::int64_t int64(int column) const override {
    const char* value = PQgetvalue(result_, row_, column);
    const auto length = static_cast<std::size_t>(PQgetlength(result_, row_, column));
    // A boolean reads as 1 or 0, as SQLite's do.
    if (length == 1 && (value[0] == 't' || value[0] == 'f')) return value[0] == 't' ? 1 : 0;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value, value + length, number);
    if (error != std::errc() || end != value + length) {
      throw std::logic_error("column " + std::to_string(column) + " is not an integer");
    }
    return number;
  }
  bool is_null(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::string text(int column) const override {
    return std::string(PQgetvalue(result_, row_, column),
                       static_cast<std::size_t>(PQgetlength(result_, row_, column)));
  }

  void reset() noexcept override {
    PQclear(result_);
    result_ = nullptr;
    row_ = -1;
    parameters_.clear();
  }

 private:
  std::optional<std::string>& parameter(int index) {
    if (parameters_.size() < static_cast<std::size_t>(index)) parameters_.resize(index);
    return parameters_[static_cast<std::size_t>(index) - 1];
  }

  void execute() {
    try {
      execute_once();
    } catch (const sql::DatabaseError& e) {
      // A connection found dead on its first use since the server restarted: a read outside a
      // transaction has changed nothing, so it may run again on a new connection. (A write might
      // have been carried out before the connection died; its caller hears of the failure.)
      const bool read_only = sql_.starts_with("SELECT");
      if (e.kind() != Kind::connection_lost || !read_only || owner_.in_transaction()) throw;
      execute_once();
    }
  }

  void execute_once() {
    owner_.reconnect_if_lost();
    PGconn* conn = owner_.conn_;
    if (prepared_in_ != owner_.session_) {
      Result prepared{PQprepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr)};
      if (!succeeded(prepared.result)) throw error_of(conn, prepared.result);
      prepared_in_ = owner_.session_;
    }
    std::vector<const char*> values;
    values.reserve(parameters_.size());
    for (const auto& value : parameters_) values.push_back(value ? value->c_str() : nullptr);
    result_ = PQexecPrepared(conn, name_.c_str(), static_cast<int>(values.size()), values.data(),
                             nullptr, nullptr, 0);
    if (!succeeded(result_)) {
      auto error = error_of(conn, result_);
      PQclear(std::exchange(result_, nullptr));  // the bindings stay, for a retry
      throw error;
    }
    owner_.count_changes(result_);
    row_ = -1;
  }

  PostgresConnection& owner_;
  std::string sql_;
  std::string name_;
  std::optional<std::uint64_t> prepared_in_;
  std::vector<std::optional<std::string>> parameters_;
  PGresult* result_ = nullptr;
  int row_ = -1;
};

PostgresConnection::PostgresConnection(std::string conninfo)
    : conninfo_(std::move(conninfo)), writer_(random_marker()) {
  // Defaults first: what the configured connection string says wins over them.
  const char* keys[] = {"connect_timeout", "application_name", "options", "dbname", nullptr};
  const char* values[] = {"5", "samrad", "-c client_min_messages=warning", conninfo_.c_str(),
                          nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string detail = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw sql::DatabaseError(Kind::connection_lost, "the database cannot be reached",
                             "cannot connect to PostgreSQL: " + detail);
  }
}

PostgresConnection::~PostgresConnection() {
  statements_.clear();
  PQfinish(conn_);
}

void PostgresConnection::reconnect_if_lost() {
  if (PQstatus(conn_) == CONNECTION_OK) return;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    throw sql::DatabaseError(Kind::connection_lost, "the database cannot be reached",
                             std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(conn_));
  }
  ++session_;
}

void PostgresConnection::count_changes(PGresult* result) noexcept {
  // The command tag of a statement that wrote rows, e.g. "INSERT 0 3" or "UPDATE 2" (a SELECT's
  // tag counts rows too, which changed nothing).
  const std::string_view tag = PQcmdStatus(result);
  if (tag.starts_with("INSERT") || tag.starts_with("UPDATE") || tag.starts_with("DELETE") ||
      tag.starts_with("MERGE")) {
    std::int64_t rows = 0;
    const std::string_view count = PQcmdTuples(result);
    std::from_chars(count.data(), count.data() + count.size(), rows);
    rows_changed_ += rows;
  }
}

void PostgresConnection::exec(const std::string& sql) {
  const bool was_in_transaction = in_transaction();
  reconnect_if_lost();
  Result result{PQexec(conn_, sql.c_str())};
  if (succeeded(result.result)) return count_changes(result.result);
  auto error = error_of(conn_, result.result);
  // Outside a transaction exec only begins one: when the connection turns out to have died
  // (the server restarted since its last use), nothing was done, so begin on a new one.
  if (error.kind() != Kind::connection_lost || was_in_transaction) throw error;
  reconnect_if_lost();
  Result again{PQexec(conn_, sql.c_str())};
  if (!succeeded(again.result)) throw error_of(conn_, again.result);
}

void PostgresConnection::begin_write() {
  if (!writer_registered_) {
    // Rows of writers that wrote nothing for a month (processes long gone) go at the same time.
    // The writer's name is hex this connection made, so it may stand in the SQL as it is.
    exec("INSERT INTO commit_markers (writer, marker) VALUES ('" + writer_ +
         "', '') ON CONFLICT DO NOTHING; DELETE FROM commit_markers WHERE writer <> '" + writer_ +
         "' AND written_at < now() - interval '30 days'");
    writer_registered_ = true;
  }
  exec("BEGIN");
  write_marker_ = random_marker();
  const char* values[] = {writer_.c_str(), write_marker_.c_str()};
  Result marked{PQexecParams(conn_,
                             "UPDATE commit_markers SET marker = $2, written_at = now() "
                             "WHERE writer = $1",
                             2, nullptr, values, nullptr, nullptr, 0)};
  if (!succeeded(marked.result)) throw error_of(conn_, marked.result);
  if (std::strcmp(PQcmdTuples(marked.result), "1") != 0) {
    throw sql::DatabaseError(Kind::other, "the writer's commit marker is missing",
                             "no commit_markers row for writer " + writer_);
  }
}

void PostgresConnection::commit() {
  // Only a transaction begun by begin_write has a marker to look for.
  const std::string marker = std::exchange(write_marker_, {});
  {
    Result result{PQexec(conn_, "COMMIT")};
    if (succeeded(result.result)) {
      // COMMIT of a transaction that had failed answers ROLLBACK, not an error.
      if (std::strcmp(PQcmdStatus(result.result), "COMMIT") == 0) return;
      throw sql::DatabaseError(Kind::other, "the transaction was rolled back",
                               std::string("COMMIT answered ") + PQcmdStatus(result.result));
    }
    auto error = error_of(conn_, result.result);
    if (error.kind() != Kind::connection_lost) throw error;
  }
  // The transaction holds the lock on this writer's row until it ends: while the row is locked
  // the COMMIT may still be under way; once it is not, the row says whether it committed.
  const auto deadline = std::chrono::steady_clock::now() + commit_confirmation_time;
  while (!marker.empty()) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQreset(conn_);
      if (PQstatus(conn_) == CONNECTION_OK) ++session_;
    }
    if (PQstatus(conn_) == CONNECTION_OK) {
      const char* values[] = {writer_.c_str()};
      Result row{PQexecParams(
          conn_, "SELECT marker FROM commit_markers WHERE writer = $1 FOR SHARE NOWAIT", 1, nullptr,
          values, nullptr, nullptr, 0)};
      // No row at all (removed behind this writer's back) cannot tell.
      const bool unknown = succeeded(row.result) && PQntuples(row.result) == 0;
      if (succeeded(row.result) && !unknown) {
        if (marker == PQgetvalue(row.result, 0, 0)) return;
        throw sql::DatabaseError(
            Kind::connection_lost,
            "the connection to the database was lost before the commit; nothing was stored",
            "transaction " + marker + " did not commit");
      }
      if (unknown) break;
    }
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw sql::DatabaseError(Kind::connection_lost,
                           "the database could not confirm the commit: whether it was stored is "
                           "not known, and a retry with the same key is safe",
                           "transaction " + marker + ": outcome unknown");
}

void PostgresConnection::rollback_if_open() noexcept {
  if (in_transaction()) PQclear(PQexec(conn_, "ROLLBACK"));
}

bool PostgresConnection::in_transaction() const noexcept {
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

const sql::Dialect& PostgresConnection::dialect() const noexcept {
  // Several instances write to one database: a round's writers take turns on its row, the log's
  // appenders on the table, and ids come from sequences.
  static constexpr sql::Dialect postgres{
      .json_text_values = "json_array_elements_text",
      .lock_round = "SELECT 1 FROM rounds WHERE id = ?1 FOR NO KEY UPDATE",
      .lock_record_log = "LOCK TABLE decision_records IN SHARE ROW EXCLUSIVE MODE",
      .id_sequences = true};
  return postgres;
}

sql::Cursor& PostgresConnection::prepared(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) return *found->second;
  return *statements_
              .emplace(std::string(sql), std::make_unique<Cursor>(*this, sql, ++next_statement_))
              .first->second;
}

}  // namespace samrad::store::postgres
