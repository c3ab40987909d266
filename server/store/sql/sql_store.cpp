// SqlStore: runs batches of units of work in one transaction each (group commit; a savepoint per
// unit when one must be undone alone), and answers reads from a pool of read connections. SQL only.
#include "store/sql/sql_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "store/audit_details.hpp"
#include "store/sql/connection.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_transaction.hpp"

namespace samrad::store {

using domain::Error;
using domain::ErrorCode;
using domain::make_error;
using sql::Connection;
using sql::DatabaseError;
using sql::Statement;

namespace {

Error storage_error(const DatabaseError& e) {
  return make_error(ErrorCode::storage_failed, "The database failed: " + e.reason());
}

// Runs a store operation and answers a database failure as storage_failed, the one place where
// DatabaseError turns into the Result the interface promises.
template <class Body>
auto guarded(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const DatabaseError& e) {
    return storage_error(e);
  }
}

template <class... Args>
std::int64_t insert_returning_id(Connection& db, std::string_view sql, const Args&... args) {
  auto statement = db.query(sql, args...);
  if (!statement.step()) throw std::logic_error("INSERT ... RETURNING gave no row");
  return statement.int64(0);
}

// The sectors column: a JSON array of sector names as the store writes it, read without a JSON
// library since the names are fixed ASCII words.
std::vector<domain::Sector> sectors_in(std::string_view json) {
  std::vector<domain::Sector> sectors;
  for (std::size_t open = json.find('"'); open != std::string_view::npos;) {
    const auto close = json.find('"', open + 1);
    if (close == std::string_view::npos) break;
    sectors.push_back(sql::parse_column(
        domain::sector_from(json.substr(open + 1, close - open - 1)), "rounds.sectors"));
    open = json.find('"', close + 1);
  }
  return sectors;
}

// Runs the batch's units one after another without savepoints, which is enough when no unit has
// anything of its own to undo: one that is refused before it writes (as a command is, by the
// domain's decision) changes nothing. Returns nothing when a unit failed after writing, or a
// statement failed: then the caller rolls the batch back and runs it again with savepoints. A
// savepoint per unit costs a post a tenth of its CPU time in SQLite (its statements and the undo
// copies of the pages the unit changes) and two round trips in PostgreSQL.
std::optional<std::vector<Appended>> run_without_savepoints(Connection& db,
                                                            std::span<const Work> batch) {
  std::vector<Appended> results;
  results.reserve(batch.size());
  sql::SqlTransaction tx(db);
  for (const auto& work : batch) {
    const auto changed_before = db.rows_changed();
    try {
      auto result = work(tx);
      if (!result && db.rows_changed() != changed_before) return std::nullopt;
      results.push_back(std::move(result));
    } catch (const std::exception&) {
      // As in run_in_savepoint: a database that ended the transaction fails the whole batch.
      if (!db.in_transaction()) throw;
      return std::nullopt;
    }
  }
  return results;
}

// Runs one unit of work inside its own savepoint, so a refusal or a failing statement undoes only
// that unit's writes and the rest of the batch goes on.
Appended run_in_savepoint(Connection& db, sql::SqlTransaction& tx, const Work& work) {
  // Prepared once per connection, as every statement of a unit is: a batch runs one per post.
  const auto undo = [&db, &tx] {
    db.query("ROLLBACK TO unit").run();
    db.query("RELEASE unit").run();
    tx.forget_reads();
  };
  db.query("SAVEPOINT unit").run();
  try {
    auto result = work(tx);
    if (result) {
      db.query("RELEASE unit").run();
    } else {
      undo();
    }
    return result;
  } catch (const DatabaseError& e) {
    // After some errors (disk full, I/O, a lost connection) the database has already rolled back
    // the whole transaction; then the savepoint is gone and the caller must fail the batch.
    if (!db.in_transaction()) throw;
    undo();
    return storage_error(e);
  } catch (const std::exception& e) {
    if (!db.in_transaction()) throw;
    undo();
    return make_error(ErrorCode::internal, std::string("Internal error: ") + e.what());
  }
}

// A read transaction: several queries see one snapshot. Ending it loses nothing, so the
// destructor may simply roll back.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& db) : db_(db) { db_.begin_snapshot(); }
  ~ReadSnapshot() { db_.rollback_if_open(); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& db_;
};

// The latest position from the columns at `first` (version, stance, stated_at), all null when the
// organisation has stated none.
domain::PositionActivity position_activity(const Statement& row, int first) {
  if (row.is_null(first)) return {};
  return {.version = row.int64(first),
          .stance = sql::parse_column(domain::stance_from(row.text(first + 1)), "positions.stance"),
          .latest_at = row.int64(first + 2)};
}

}  // namespace

// One read connection borrowed from the pool for the length of a call; waits when all are busy.
class SqlStore::ReadLease {
 public:
  explicit ReadLease(SqlStore& store) : store_(store) {
    std::unique_lock lock(store_.read_mutex_);
    store_.reader_free_.wait(lock, [&] { return !store_.idle_readers_.empty(); });
    connection_ = std::move(store_.idle_readers_.back());
    store_.idle_readers_.pop_back();
  }
  ~ReadLease() {
    {
      std::lock_guard lock(store_.read_mutex_);
      store_.idle_readers_.push_back(std::move(connection_));
    }
    store_.reader_free_.notify_one();
  }
  ReadLease(const ReadLease&) = delete;
  ReadLease& operator=(const ReadLease&) = delete;

  Connection& operator*() { return *connection_; }
  Connection* operator->() { return connection_.get(); }

 private:
  SqlStore& store_;
  std::unique_ptr<Connection> connection_;
};

SqlStore::SqlStore(std::unique_ptr<Connection> writer,
                   std::vector<std::unique_ptr<Connection>> readers, SqlOptions options)
    : options_(std::move(options)), writer_(std::move(writer)), idle_readers_(std::move(readers)) {
  if (idle_readers_.empty()) throw std::invalid_argument("a SQL store needs a read connection");
}

SqlStore::~SqlStore() = default;

std::vector<Appended> SqlStore::write(std::span<const Work> batch) {
  std::vector<Appended> results;
  if (batch.empty()) return results;
  results.reserve(batch.size());

  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  const auto fail_all = [&](const Error& error) {
    db.rollback_if_open();
    results.assign(batch.size(), Appended(error));
    return std::move(results);
  };

  try {
    db.begin_write();
    if (auto all = run_without_savepoints(db, batch)) {
      results = std::move(*all);
    } else {
      db.rollback_if_open();
      db.begin_write();
      sql::SqlTransaction tx(db);
      for (const auto& work : batch) results.push_back(run_in_savepoint(db, tx, work));
    }
  } catch (const DatabaseError& e) {
    return fail_all(storage_error(e));
  } catch (const std::exception& e) {
    return fail_all(make_error(ErrorCode::internal, std::string("Internal error: ") + e.what()));
  }

  if (options_.fail_commit && options_.fail_commit()) {
    return fail_all(make_error(ErrorCode::storage_failed,
                               "The commit failed (injected fault); nothing was stored"));
  }
  try {
    db.commit();
  } catch (const DatabaseError& e) {
    // A lost connection's reason says what is known of the outcome (postgres_connection.hpp).
    const bool lost = e.kind() == DatabaseError::Kind::connection_lost;
    return fail_all(make_error(
        ErrorCode::storage_failed,
        "The commit failed (" + e.reason() + ")" + (lost ? "" : "; nothing was stored")));
  }
  return results;
}

Result<std::optional<StreamPage>> SqlStore::read_stream(const domain::StreamId& stream,
                                                        domain::Seq after, std::size_t limit) {
  return guarded([&]() -> Result<std::optional<StreamPage>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    auto round = sql::load_round_access(*db, stream.round);
    if (!round) return std::optional<StreamPage>();
    StreamPage page{.round = std::move(*round),
                    .head_seq = sql::load_head_seq(*db, stream),
                    .epoch = sql::load_epoch(*db, stream),
                    .events = {}};
    const auto capped = static_cast<std::int64_t>(
        std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max()));
    static const std::string sql = std::string(sql::event_columns) +
                                   "WHERE e.round_id = ?1 AND e.stream = ?2 AND e.seq > ?3 "
                                   "ORDER BY e.seq LIMIT ?4";
    auto rows = db->query(sql, stream.round, domain::to_string(stream.kind), after, capped);
    while (rows.step()) page.events.push_back(sql::read_event(rows));
    std::vector<domain::PostId> hidden;
    auto hidden_rows = db->query(
        "SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id "
        "WHERE p.round_id = ?1 AND t.stream = ?2 AND p.hidden_at IS NOT NULL ORDER BY p.id",
        stream.round, domain::to_string(stream.kind));
    while (hidden_rows.step()) hidden.push_back(hidden_rows.int64(0));
    domain::withhold_hidden_text(page.events, hidden);
    return std::optional<StreamPage>(std::move(page));
  });
}

Result<std::vector<domain::Seq>> SqlStore::stream_heads(
    const std::vector<domain::StreamId>& streams) {
  return guarded([&]() -> Result<std::vector<domain::Seq>> {
    std::vector<domain::Seq> heads;
    heads.reserve(streams.size());
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    for (const auto& stream : streams) heads.push_back(sql::load_head_seq(*db, stream));
    return heads;
  });
}

Result<std::optional<PostHistory>> SqlStore::post_history(domain::RoundId round_id,
                                                          domain::PostId post) {
  return guarded([&]() -> Result<std::optional<PostHistory>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    auto round = sql::load_round_access(*db, round_id);
    if (!round) return std::optional<PostHistory>();
    auto row = db->query(
        "SELECT t.stream, p.thread_id, p.author_id, p.hidden_at, p.hidden_reason "
        "FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?1 AND p.round_id = ?2",
        post, round_id);
    if (!row.step()) return std::optional<PostHistory>();
    PostHistory history{
        .round = std::move(*round),
        .stream = sql::parse_column(domain::stream_kind_from(row.text(0)), "threads.stream"),
        .thread = row.int64(1),
        .author = row.int64(2),
        .hidden = std::nullopt,
        .versions = {}};
    if (const auto hidden_at = sql::optional_int64(row, 3)) {
      history.hidden = PostHistory::Hidden{.reason = row.text(4), .at = *hidden_at};
    }
    auto versions = db->query(
        "SELECT version, body, at FROM post_versions WHERE post_id = ?1 "
        "UNION ALL SELECT 1, body, created_at FROM posts WHERE id = ?1 AND version = 1 "
        "ORDER BY 1",
        post);
    while (versions.step()) {
      history.versions.push_back(
          {.version = versions.int64(0), .body = versions.text(1), .at = versions.int64(2)});
    }
    return std::optional<PostHistory>(std::move(history));
  });
}

Result<std::vector<RoundListing>> SqlStore::list_rounds() {
  return guarded([&]() -> Result<std::vector<RoundListing>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    std::map<domain::RoundId, std::vector<domain::OrganisationId>> invitations;
    {
      auto rows = db->query(
          "SELECT round_id, organisation_id FROM round_invitations "
          "ORDER BY round_id, organisation_id");
      while (rows.step()) invitations[rows.int64(0)].push_back(rows.int64(1));
    }
    std::map<domain::RoundId, std::vector<domain::StreamKind>> preparation_streams;
    {
      auto rows = db->query(
          "SELECT round_id, kind FROM streams "
          "WHERE kind IN ('state_preparation', 'municipal_preparation') ORDER BY round_id, kind");
      while (rows.step()) {
        preparation_streams[rows.int64(0)].push_back(
            sql::parse_column(domain::stream_kind_from(rows.text(1)), "streams.kind"));
      }
    }
    auto rows = db->query(
        "SELECT r.id, r.phase, coalesce(s.head_seq, 0), r.title, r.created_at, r.kind, "
        "r.opens_at, r.closes_at, r.sectors "
        "FROM rounds r LEFT JOIN streams s ON s.round_id = r.id AND s.kind = 'main' "
        "ORDER BY r.created_at DESC, r.id DESC");
    std::vector<RoundListing> listings;
    while (rows.step()) {
      const auto id = rows.int64(0);
      const auto phase = sql::parse_column(domain::phase_from(rows.text(1)), "rounds.phase");
      const auto kind = sql::parse_column(domain::round_kind_from(rows.text(5)), "rounds.kind");
      const auto opens_at = sql::optional_int64(rows, 6);
      const auto closes_at = sql::optional_int64(rows, 7);
      auto sectors = sectors_in(rows.text(8));
      listings.push_back(RoundListing{
          .summary = {.id = id,
                      .title = rows.text(3),
                      .phase = phase,
                      .head_seq = rows.int64(2),
                      .created_at = domain::format_timestamp(rows.int64(4)),
                      .kind = kind,
                      .sectors = std::move(sectors),
                      .opens_at = opens_at,
                      .closes_at = closes_at,
                      .preparation_streams = std::move(preparation_streams[id])},
          .access = {.id = id,
                     .phase = phase,
                     .invited = std::move(invitations[id]),
                     .kind = kind,
                     .opens_at = opens_at,
                     .closes_at = closes_at},
      });
    }
    return listings;
  });
}

Result<std::vector<DueRound>> SqlStore::rounds_due_to_close(domain::Timestamp now) {
  return guarded([&]() -> Result<std::vector<DueRound>> {
    ReadLease db(*this);
    auto rows = db->query(
        "SELECT r.id, p.id, p.name, p.email, p.role, o.id, o.name, o.kind FROM rounds r "
        "JOIN persons p ON p.id = r.schedule_set_by JOIN organisations o ON o.id = "
        "p.organisation_id WHERE r.phase = 'open' AND r.closes_at <= ?1 ORDER BY r.closes_at",
        now);
    std::vector<DueRound> due;
    while (rows.step()) due.push_back({rows.int64(0), sql::read_person(rows, 1)});
    return due;
  });
}

Result<std::vector<domain::Organisation>> SqlStore::list_organisations() {
  return guarded([&]() -> Result<std::vector<domain::Organisation>> {
    ReadLease db(*this);
    auto rows =
        db->query("SELECT id, name, kind FROM organisations WHERE active = 1 ORDER BY name, id");
    std::vector<domain::Organisation> organisations;
    while (rows.step()) {
      organisations.push_back(
          {rows.int64(0), rows.text(1),
           sql::parse_column(domain::organisation_kind_from(rows.text(2)), "organisations.kind")});
    }
    return organisations;
  });
}

Result<std::optional<domain::RoundParticipation>> SqlStore::read_participation(
    domain::RoundId round) {
  return guarded([&]() -> Result<std::optional<domain::RoundParticipation>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    auto access = sql::load_round_access(*db, round);
    if (!access) return std::optional<domain::RoundParticipation>();
    // Only the organisations invited now: a withdrawn one is no longer asked to answer. Posts
    // count where their thread is: the main stream, or the author's side's preparation.
    auto rows = db->query(
        "SELECT o.id, o.name, o.kind, "
        "(SELECT count(*) FROM posts p JOIN threads t ON t.id = p.thread_id "
        "WHERE p.round_id = i.round_id AND p.organisation_id = o.id AND t.stream = 'main'), "
        "(SELECT count(*) FROM posts p JOIN threads t ON t.id = p.thread_id "
        "WHERE p.round_id = i.round_id AND p.organisation_id = o.id AND t.stream != 'main'), "
        "(SELECT max(p.created_at) FROM posts p "
        "WHERE p.round_id = i.round_id AND p.organisation_id = o.id), "
        "(SELECT count(*) FROM reminders r "
        "WHERE r.round_id = i.round_id AND r.organisation_id = o.id), "
        "(SELECT max(r.sent_at) FROM reminders r "
        "WHERE r.round_id = i.round_id AND r.organisation_id = o.id), "
        "p.version, p.stance, p.stated_at "
        "FROM round_invitations i JOIN organisations o ON o.id = i.organisation_id "
        "LEFT JOIN positions p ON p.round_id = i.round_id AND p.organisation_id = o.id "
        "AND p.version = (SELECT max(version) FROM positions q "
        "WHERE q.round_id = i.round_id AND q.organisation_id = o.id) "
        "WHERE i.round_id = ?1 ORDER BY o.name, o.id",
        round);
    domain::RoundParticipation participation{.round = std::move(*access), .organisations = {}};
    while (rows.step()) {
      participation.organisations.push_back(
          {.organisation = {rows.int64(0), rows.text(1),
                            sql::parse_column(domain::organisation_kind_from(rows.text(2)),
                                              "organisations.kind")},
           .posts = {.main = rows.int64(3),
                     .preparation = rows.int64(4),
                     .latest_at = sql::optional_int64(rows, 5)},
           .reminders = {.count = rows.int64(6), .latest_at = sql::optional_int64(rows, 7)},
           .position = position_activity(rows, 8)});
    }
    return std::optional<domain::RoundParticipation>(std::move(participation));
  });
}

Result<std::vector<std::string>> SqlStore::log_leaf_hashes() {
  return guarded([&]() -> Result<std::vector<std::string>> {
    ReadLease db(*this);
    auto rows = db->query("SELECT leaf_hash FROM decision_records ORDER BY log_index");
    std::vector<std::string> hashes;
    while (rows.step()) hashes.push_back(rows.text(0));
    return hashes;
  });
}

namespace {

std::optional<RecordOfRound> record_of_round(Connection& db, Statement& rows) {
  if (!rows.step()) return std::nullopt;
  LoggedRecord record{.log_index = rows.int64(0),
                      .round = rows.int64(1),
                      .record = rows.text(2),
                      .leaf_hash = rows.text(3),
                      .at = rows.int64(4)};
  auto access = sql::load_round_access(db, record.round);
  if (!access) throw std::logic_error("a logged record names a round that does not exist");
  return RecordOfRound{std::move(record), std::move(*access)};
}

constexpr std::string_view record_columns =
    "SELECT log_index, round_id, record, leaf_hash, created_at FROM decision_records ";

}  // namespace

Result<std::optional<RecordOfRound>> SqlStore::logged_record(std::int64_t log_index) {
  return guarded([&]() -> Result<std::optional<RecordOfRound>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    static const std::string sql = std::string(record_columns) + "WHERE log_index = ?1";
    auto rows = db->query(sql, log_index);
    return record_of_round(*db, rows);
  });
}

Result<std::optional<RecordOfRound>> SqlStore::latest_record_of_round(domain::RoundId round) {
  return guarded([&]() -> Result<std::optional<RecordOfRound>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    static const std::string sql =
        std::string(record_columns) + "WHERE round_id = ?1 ORDER BY log_index DESC LIMIT 1";
    auto rows = db->query(sql, round);
    return record_of_round(*db, rows);
  });
}

Result<domain::OrganisationId> SqlStore::create_organisation(const std::string& name,
                                                             domain::OrganisationKind kind) {
  std::lock_guard lock(write_mutex_);
  try {
    return insert_returning_id(
        *writer_, "INSERT INTO organisations (name, kind) VALUES (?1, ?2) RETURNING id", name,
        domain::to_string(kind));
  } catch (const DatabaseError& e) {
    if (e.kind() == DatabaseError::Kind::unique_violation) {
      return make_error(ErrorCode::conflict, "An organisation with this name already exists");
    }
    return storage_error(e);
  }
}

Result<domain::PersonId> SqlStore::create_person(const NewPerson& person) {
  std::lock_guard lock(write_mutex_);
  try {
    return insert_returning_id(
        *writer_,
        "INSERT INTO persons (name, email, role, organisation_id, password_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        person.name, person.email, domain::to_string(person.role), person.organisation,
        person.password_hash);
  } catch (const DatabaseError& e) {
    if (e.kind() == DatabaseError::Kind::unique_violation) {
      return make_error(ErrorCode::conflict, "An account with this email address already exists");
    }
    if (e.kind() == DatabaseError::Kind::foreign_key_violation) {
      return make_error(ErrorCode::not_found, "No such organisation");
    }
    return storage_error(e);
  }
}

Result<std::optional<Login>> SqlStore::find_login(const std::string& email) {
  return guarded([&]() -> Result<std::optional<Login>> {
    ReadLease db(*this);
    auto row = db->query(
        "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind, p.password_hash, "
        "p.active = 1 AND o.active = 1 FROM persons p "
        "JOIN organisations o ON o.id = p.organisation_id WHERE lower(p.email) = lower(?1)",
        email);
    if (!row.step()) return std::optional<Login>();
    return std::optional<Login>(Login{sql::read_person(row, 0), row.text(7), row.int64(8) != 0});
  });
}

Status SqlStore::create_session(const std::string& token_hash, domain::PersonId person,
                                domain::Timestamp expires_at) {
  std::lock_guard lock(write_mutex_);
  try {
    writer_
        ->query(
            "INSERT INTO sessions (token_hash, person_id, expires_at, absolute_expires_at, "
            "created_at, last_used_at) VALUES (?1, ?2, ?3, ?3, 0, 0)",
            token_hash, person, expires_at)
        .run();
    return domain::Ok{};
  } catch (const DatabaseError& e) {
    if (e.kind() == DatabaseError::Kind::unique_violation) {
      return make_error(ErrorCode::conflict, "This session token is already in use");
    }
    if (e.kind() == DatabaseError::Kind::foreign_key_violation) {
      return make_error(ErrorCode::not_found, "No such person");
    }
    return storage_error(e);
  }
}

Result<std::optional<Session>> SqlStore::find_session(const std::string& token_hash,
                                                      domain::Timestamp now) {
  return guarded([&]() -> Result<std::optional<Session>> {
    ReadLease db(*this);
    auto row = db->query(
        "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind, s.expires_at, s.id, "
        "s.absolute_expires_at, s.last_used_at FROM sessions s "
        "JOIN persons p ON p.id = s.person_id JOIN organisations o ON o.id = p.organisation_id "
        "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND p.active = 1 AND o.active = 1",
        token_hash, now);
    if (!row.step()) return std::optional<Session>();
    return std::optional<Session>(Session{.person = sql::read_person(row, 0),
                                          .expires_at = row.int64(7),
                                          .id = row.int64(8),
                                          .absolute_expires_at = row.int64(9),
                                          .last_used_at = row.int64(10)});
  });
}

Status SqlStore::delete_session(const std::string& token_hash) {
  std::lock_guard lock(write_mutex_);
  return guarded([&]() -> Status {
    writer_->query("DELETE FROM sessions WHERE token_hash = ?1", token_hash).run();
    return domain::Ok{};
  });
}

Result<std::int64_t> SqlStore::delete_expired_sessions(domain::Timestamp now) {
  std::lock_guard lock(write_mutex_);
  return guarded([&]() -> Result<std::int64_t> {
    auto removed = writer_->query("DELETE FROM sessions WHERE expires_at <= ?1 RETURNING 1", now);
    std::int64_t count = 0;
    while (removed.step()) ++count;
    return count;
  });
}

Status SqlStore::renew_epoch(const std::string& epoch, const domain::AuditRecord& audit) {
  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  try {
    db.begin_write();
    db.query("UPDATE store_epoch SET epoch = ?1", epoch).run();
    db.query("UPDATE streams SET epoch = ?1", epoch).run();
    sql::SqlTransaction(db).record(audit);
    db.commit();
    return domain::Ok{};
  } catch (const DatabaseError& e) {
    db.rollback_if_open();
    return storage_error(e);
  }
}

Result<bool> SqlStore::is_empty() {
  return guarded([&]() -> Result<bool> {
    ReadLease db(*this);
    auto row = db->query("SELECT NOT EXISTS (SELECT 1 FROM persons)");
    row.step();
    return row.int64(0) != 0;
  });
}

// --- accounts as admins see them, sessions, the audit log ---

namespace {

// A JSON array of strings for Dialect::json_text_values, written by hand: the store links no JSON
// library and the values are token hashes and action names.
std::string json_strings(const std::vector<std::string>& values) {
  std::string json = "[";
  for (const auto& value : values) {
    if (json.size() > 1) json += ',';
    json += '"';
    for (const char c : value) {
      if (c == '"' || c == '\\') json += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) json += c;
    }
    json += '"';
  }
  return json + "]";
}

// A LIKE pattern (escaped with \\) matching every text that contains this one.
std::string containing(std::string_view text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace

Result<std::vector<PersonListing>> SqlStore::list_people(domain::Timestamp now) {
  return guarded([&]() -> Result<std::vector<PersonListing>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    static const std::string sql =
        "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind, p.active, o.active, "
        "p.password_hash != '', "
        "(SELECT max(i.expires_at) FROM invitations i WHERE i.person_id = p.id AND i.used_at IS "
        "NULL AND i.revoked_at IS NULL AND i.expires_at > ?1), "
        "(SELECT count(*) FROM sessions s WHERE s.person_id = p.id AND s.expires_at > ?1) "
        "FROM persons p JOIN organisations o ON o.id = p.organisation_id ORDER BY p.name, p.id";
    auto rows = db->query(sql, now);
    std::vector<PersonListing> people;
    while (rows.step()) {
      people.push_back(
          {sql::read_person_record(rows), sql::optional_int64(rows, 10), rows.int64(11)});
    }
    return people;
  });
}

Result<std::vector<OrganisationListing>> SqlStore::list_organisation_records() {
  return guarded([&]() -> Result<std::vector<OrganisationListing>> {
    ReadLease db(*this);
    auto rows = db->query(
        "SELECT o.id, o.name, o.kind, o.active, "
        "(SELECT count(*) FROM persons p WHERE p.organisation_id = o.id AND p.active = 1) "
        "FROM organisations o ORDER BY o.name, o.id");
    std::vector<OrganisationListing> organisations;
    while (rows.step()) {
      organisations.push_back(
          {{.organisation = {rows.int64(0), rows.text(1),
                             sql::parse_column(domain::organisation_kind_from(rows.text(2)),
                                               "organisations.kind")},
            .active = rows.int64(3) != 0},
           rows.int64(4)});
    }
    return organisations;
  });
}

Result<std::vector<domain::SessionRecord>> SqlStore::sessions_of(domain::PersonId person,
                                                                 domain::Timestamp now) {
  return guarded([&]() -> Result<std::vector<domain::SessionRecord>> {
    ReadLease db(*this);
    static const std::string sql =
        std::string(sql::session_columns) +
        "WHERE s.person_id = ?1 AND s.expires_at > ?2 ORDER BY s.last_used_at DESC, s.id DESC";
    auto rows = db->query(sql, person, now);
    std::vector<domain::SessionRecord> sessions;
    while (rows.step()) sessions.push_back(sql::read_session(rows));
    return sessions;
  });
}

Result<std::vector<LiveSession>> SqlStore::live_sessions(
    const std::vector<std::string>& token_hashes, domain::Timestamp now) {
  return guarded([&]() -> Result<std::vector<LiveSession>> {
    std::vector<LiveSession> live;
    if (token_hashes.empty()) return live;
    ReadLease db(*this);
    auto rows = db->query(
        "SELECT s.token_hash, p.id, p.name, p.email, p.role, o.id, o.name, o.kind FROM sessions s "
        "JOIN persons p ON p.id = s.person_id JOIN organisations o ON o.id = p.organisation_id "
        "WHERE s.token_hash IN (SELECT value FROM " +
            std::string(db->dialect().json_text_values) +
            "(?1)) AND s.expires_at > ?2 "
            "AND p.active = 1 AND o.active = 1",
        json_strings(token_hashes), now);
    while (rows.step()) live.push_back({rows.text(0), sql::read_person(rows, 1)});
    return live;
  });
}

Result<std::optional<RoundPresence>> SqlStore::read_presence(
    domain::RoundId round_id, const std::vector<domain::PersonId>& people) {
  return guarded([&]() -> Result<std::optional<RoundPresence>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    auto round = sql::load_round_access(*db, round_id);
    if (!round) return std::optional<RoundPresence>();
    RoundPresence presence{.round = std::move(*round), .people = {}};
    if (people.empty()) return std::optional<RoundPresence>(std::move(presence));
    std::vector<std::string> ids;
    ids.reserve(people.size());
    for (const auto person : people) ids.push_back(std::to_string(person));
    // The ids travel as one JSON array of their decimal texts: one statement for any number.
    auto rows = db->query(
        "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind FROM persons p "
        "JOIN organisations o ON o.id = p.organisation_id "
        "WHERE CAST(p.id AS TEXT) IN (SELECT value FROM " +
            std::string(db->dialect().json_text_values) + "(?1)) AND p.active = 1 AND o.active = 1",
        json_strings(ids));
    while (rows.step()) presence.people.push_back(sql::read_person(rows, 0));
    return std::optional<RoundPresence>(std::move(presence));
  });
}

Result<bool> SqlStore::has_expired_sessions(domain::Timestamp now) {
  return guarded([&]() -> Result<bool> {
    ReadLease db(*this);
    return db->query("SELECT 1 FROM sessions WHERE expires_at <= ?1 LIMIT 1", now).step();
  });
}

Status SqlStore::touch_session(const std::string& token_hash, domain::Timestamp now,
                               domain::Timestamp idle_ms) {
  std::lock_guard lock(write_mutex_);
  return guarded([&]() -> Status {
    writer_
        ->query(
            "UPDATE sessions SET last_used_at = ?2, expires_at = CASE WHEN absolute_expires_at < "
            "?3 THEN absolute_expires_at ELSE ?3 END WHERE token_hash = ?1 AND expires_at > ?2",
            token_hash, now, now + idle_ms)
        .run();
    return domain::Ok{};
  });
}

Result<std::optional<InvitationLookup>> SqlStore::find_invitation(const std::string& token_hash) {
  return guarded([&]() -> Result<std::optional<InvitationLookup>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    auto invitation = db->query(
        "SELECT id, person_id, expires_at, used_at, revoked_at IS NOT NULL FROM invitations "
        "WHERE token_hash = ?1",
        token_hash);
    if (!invitation.step()) return std::optional<InvitationLookup>();
    const domain::InvitationRecord record{.id = invitation.int64(0),
                                          .person = invitation.int64(1),
                                          .expires_at = invitation.int64(2),
                                          .used_at = sql::optional_int64(invitation, 3),
                                          .revoked = invitation.int64(4) != 0};
    static const std::string sql = std::string(sql::person_record_columns) + "WHERE p.id = ?1";
    auto person = db->query(sql, record.person);
    if (!person.step()) return std::optional<InvitationLookup>();
    return std::optional<InvitationLookup>(
        InvitationLookup{record, sql::read_person_record(person)});
  });
}

namespace sql {

std::string audit_read_sql(const AuditQuery& query, std::string_view json_text_values) {
  // A filter that is given is a plain condition, so that the planner can take the log's index
  // on the actor or the round instead of reading the whole log backwards; one that is not given
  // still names its parameter (always true), so that PostgreSQL can type every parameter.
  const auto filter = [](bool given, std::string_view condition, std::string_view absent) {
    return std::string(" AND ") + std::string(given ? condition : absent);
  };
  std::string sql =
      "SELECT a.id, a.at, a.action, a.actor_id, a.source, a.address, a.round_id, a.target_kind, "
      "a.target_id, a.details, p.id, p.name, p.email, p.role, o.id, o.name, o.kind "
      "FROM audit_log a LEFT JOIN persons p ON p.id = a.actor_id "
      "LEFT JOIN organisations o ON o.id = p.organisation_id WHERE TRUE";
  sql += filter(!query.actions.empty(),
                "a.action IN (SELECT value FROM " + std::string(json_text_values) + "(?1))",
                "json_array_length(?1) = 0");
  sql += filter(query.actor.has_value(), "a.actor_id = ?2", "CAST(?2 AS BIGINT) IS NULL");
  // The text is searched for row by row whatever the plan.
  sql +=
      " AND (?3 = '' OR lower(coalesce(p.name, '') || ' ' || coalesce(p.email, '') || ' ' || "
      "a.action || ' ' || a.address || ' ' || a.details) LIKE lower(?9) ESCAPE '\\')";
  sql += filter(query.round.has_value(), "a.round_id = ?4", "CAST(?4 AS BIGINT) IS NULL");
  sql += filter(query.from.has_value(), "a.at >= ?5", "CAST(?5 AS BIGINT) IS NULL");
  sql += filter(query.to.has_value(), "a.at < ?6", "CAST(?6 AS BIGINT) IS NULL");
  sql += filter(query.before.has_value(), "a.id < ?7", "CAST(?7 AS BIGINT) IS NULL");
  return sql + " ORDER BY a.id DESC LIMIT ?8";
}

}  // namespace sql

Result<std::vector<AuditEntry>> SqlStore::read_audit(const AuditQuery& query) {
  return guarded([&]() -> Result<std::vector<AuditEntry>> {
    ReadLease db(*this);
    auto rows = db->query(sql::audit_read_sql(query, db->dialect().json_text_values),
                          json_strings(query.actions), query.actor, query.text, query.round,
                          query.from, query.to, query.before,
                          static_cast<std::int64_t>(std::min<std::size_t>(query.limit, 1000)),
                          containing(query.text));
    std::vector<AuditEntry> entries;
    while (rows.step()) {
      AuditEntry entry{
          .id = rows.int64(0),
          .record = {.at = rows.int64(1),
                     .action = rows.text(2),
                     .actor = sql::optional_int64(rows, 3),
                     .origin = {.source = sql::parse_column(domain::source_from(rows.text(4)),
                                                            "audit_log.source"),
                                .address = rows.text(5)},
                     .round = sql::optional_int64(rows, 6),
                     .target_kind = rows.text(7),
                     .target_id = sql::optional_int64(rows, 8),
                     .details = decode_audit_details(rows.text(9))},
          .actor = std::nullopt,
      };
      if (!rows.is_null(10)) entry.actor = sql::read_person(rows, 10);
      entries.push_back(std::move(entry));
    }
    return entries;
  });
}

Result<std::vector<domain::ApiTokenListing>> SqlStore::list_api_tokens(
    std::optional<domain::PersonId> owner) {
  return guarded([&]() -> Result<std::vector<domain::ApiTokenListing>> {
    ReadLease db(*this);
    // read_api_token's columns (api_token_columns) and then the owner's.
    static const std::string sql =
        "SELECT t.id, t.person_id, t.name, t.scope, t.created_at, t.last_used_at, t.expires_at, "
        "t.revoked_at, t.revoked_by, t.token_hash, p.id, p.name, p.email, p.role, o.id, o.name, "
        "o.kind FROM api_tokens t "
        "JOIN persons p ON p.id = t.person_id JOIN organisations o ON o.id = p.organisation_id "
        "WHERE CAST(?1 AS BIGINT) IS NULL OR t.person_id = ?1 ORDER BY t.created_at DESC, t.id "
        "DESC";
    auto rows = db->query(sql, owner);
    std::vector<domain::ApiTokenListing> tokens;
    while (rows.step()) {
      tokens.push_back({sql::read_api_token(rows), sql::read_person(rows, 10)});
    }
    return tokens;
  });
}

}  // namespace samrad::store
