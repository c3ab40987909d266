// SqliteStore: decides each command inside the transaction that appends its event (group commit,
// gapless per-round seq), and answers the server's reads from a pool of WAL read connections.
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>
#include <variant>

#include "domain/events.hpp"
#include "domain/permissions.hpp"
#include "protocol/codec.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"

namespace samrad::store {

using domain::Error;
using domain::ErrorCode;
using domain::make_error;
using sqlite::Connection;
using sqlite::SqliteError;
using sqlite::Statement;

namespace {

Error storage_error(const SqliteError& e) {
  return make_error(ErrorCode::storage_failed,
                    std::string("The database failed: ") + sqlite3_errstr(e.code()));
}

// Runs a store operation and answers a database failure as storage_failed, the one place where
// SqliteError turns into the Result the interface promises.
template <class Body>
auto guarded(Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const SqliteError& e) {
    return storage_error(e);
  }
}

// The CHECK constraints only admit known spellings, so an unknown one is a broken invariant.
template <class Enum>
Enum parse_column(std::optional<Enum> value, std::string_view column) {
  if (!value) throw std::logic_error("unknown value in column " + std::string(column));
  return *value;
}

// Reads a person from columns first .. first+6: id, name, email, role, organisation id, name,
// kind.
domain::Person read_person(const Statement& row, int first) {
  return domain::Person{
      .id = row.int64(first),
      .name = row.text(first + 1),
      .email = row.text(first + 2),
      .role = parse_column(domain::role_from(row.text(first + 3)), "persons.role"),
      .organisation =
          domain::Organisation{
              .id = row.int64(first + 4),
              .name = row.text(first + 5),
              .kind = parse_column(domain::organisation_kind_from(row.text(first + 6)),
                                   "organisations.kind"),
          },
  };
}

std::optional<domain::RoundAccess> load_round_access(Connection& db, domain::RoundId id) {
  auto round = db.query("SELECT phase, head_seq FROM rounds WHERE id = ?1", id);
  if (!round.step()) return std::nullopt;
  domain::RoundAccess access{
      .id = id,
      .phase = parse_column(domain::phase_from(round.text(0)), "rounds.phase"),
      .invited = {},
      .head_seq = round.int64(1),
  };
  auto invited = db.query(
      "SELECT organisation_id FROM round_invitations WHERE round_id = ?1 ORDER BY organisation_id",
      id);
  while (invited.step()) access.invited.push_back(invited.int64(0));
  return access;
}

std::optional<domain::ThreadFacts> load_thread(Connection& db, domain::ThreadId id) {
  auto row = db.query("SELECT round_id FROM threads WHERE id = ?1", id);
  if (!row.step()) return std::nullopt;
  return domain::ThreadFacts{.id = id, .round = row.int64(0)};
}

std::optional<domain::PostFacts> load_post(Connection& db, domain::PostId id) {
  auto row = db.query("SELECT thread_id FROM posts WHERE id = ?1", id);
  if (!row.step()) return std::nullopt;
  return domain::PostFacts{.id = id, .thread = row.int64(0)};
}

std::optional<domain::Organisation> load_organisation(Connection& db, domain::OrganisationId id) {
  auto row = db.query("SELECT name, kind FROM organisations WHERE id = ?1", id);
  if (!row.step()) return std::nullopt;
  return domain::Organisation{
      .id = id,
      .name = row.text(0),
      .kind = parse_column(domain::organisation_kind_from(row.text(1)), "organisations.kind"),
  };
}

template <class... Args>
std::int64_t insert_returning_id(Connection& db, std::string_view sql, const Args&... args) {
  auto statement = db.query(sql, args...);
  if (!statement.step()) throw std::logic_error("INSERT ... RETURNING gave no row");
  return statement.int64(0);
}

domain::Seq next_seq(Connection& db, domain::RoundId round) {
  auto statement =
      db.query("UPDATE rounds SET head_seq = head_seq + 1 WHERE id = ?1 RETURNING head_seq", round);
  if (!statement.step()) throw std::logic_error("round vanished inside its own transaction");
  return statement.int64(0);
}

// Encodes the event's frame once; the same buffer is stored, published and sent to everyone.
CommittedEvent record_event(Connection& db, const domain::Event& event, std::string_view kind,
                            std::int64_t created_id) {
  auto frame = std::make_shared<const std::string>(protocol::encode_event(event));
  db.query(
        "INSERT INTO events (round_id, seq, kind, created_id, frame, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        event.round, event.seq, kind, created_id, std::string_view(*frame), event.at)
      .run();
  return CommittedEvent{event.round, event.seq, created_id, std::move(frame)};
}

Result<CommittedEvent> apply(Connection& db, const PendingCommand& pending,
                             const domain::CreateRound& cmd) {
  if (auto status = domain::decide(pending.actor, cmd); !status) return status.error();
  std::vector<domain::Organisation> invited;
  for (const auto id : cmd.invited) {
    auto organisation = load_organisation(db, id);
    if (!organisation) {
      return make_error(ErrorCode::not_found, "No such organisation: " + std::to_string(id));
    }
    invited.push_back(std::move(*organisation));
  }
  // A new round's first event is its creation, so it starts at head_seq 1.
  const auto round =
      insert_returning_id(db,
                          "INSERT INTO rounds (title, proposal, phase, head_seq, created_at) "
                          "VALUES (?1, ?2, ?3, 1, ?4) RETURNING id",
                          cmd.title, cmd.proposal, domain::to_string(cmd.phase), pending.now);
  for (const auto& organisation : invited) {
    db.query("INSERT INTO round_invitations (round_id, organisation_id) VALUES (?1, ?2)", round,
             organisation.id)
        .run();
  }
  const domain::Event event{
      .round = round,
      .seq = 1,
      .at = pending.now,
      .actor = pending.actor,
      .data = domain::RoundCreated{cmd.title, cmd.proposal, cmd.phase, std::move(invited)},
  };
  return record_event(db, event, "round_created", round);
}

Result<CommittedEvent> apply(Connection& db, const PendingCommand& pending,
                             const domain::CreateThread& cmd) {
  const auto round = load_round_access(db, cmd.round);
  if (auto status = domain::decide(pending.actor, round, cmd); !status) return status.error();
  const auto thread =
      insert_returning_id(db,
                          "INSERT INTO threads (round_id, title, created_by, created_at) "
                          "VALUES (?1, ?2, ?3, ?4) RETURNING id",
                          cmd.round, cmd.title, pending.actor.id, pending.now);
  const domain::Event event{
      .round = cmd.round,
      .seq = next_seq(db, cmd.round),
      .at = pending.now,
      .actor = pending.actor,
      .data = domain::ThreadCreated{thread, cmd.title},
  };
  return record_event(db, event, "thread_created", thread);
}

Result<CommittedEvent> apply(Connection& db, const PendingCommand& pending,
                             const domain::CreatePost& cmd) {
  const auto round = load_round_access(db, cmd.round);
  const auto thread = load_thread(db, cmd.thread);
  const auto reply_to =
      cmd.reply_to ? load_post(db, *cmd.reply_to) : std::optional<domain::PostFacts>();
  if (auto status = domain::decide(pending.actor, round, thread, reply_to, cmd); !status) {
    return status.error();
  }
  const auto post = insert_returning_id(
      db,
      "INSERT INTO posts (round_id, thread_id, reply_to, author_id, organisation_id, body, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
      cmd.round, cmd.thread, cmd.reply_to, pending.actor.id, pending.actor.organisation.id,
      cmd.body, pending.now);
  const domain::Event event{
      .round = cmd.round,
      .seq = next_seq(db, cmd.round),
      .at = pending.now,
      .actor = pending.actor,
      .data = domain::PostCreated{post, cmd.thread, cmd.reply_to, cmd.body},
  };
  return record_event(db, event, "post_created", post);
}

// Runs one command inside its own savepoint, so a refusal or a failing statement undoes only
// that command's writes and the rest of the batch goes on.
Result<CommittedEvent> apply_in_savepoint(Connection& db, const PendingCommand& pending) {
  db.exec("SAVEPOINT command");
  try {
    auto result =
        std::visit([&](const auto& cmd) { return apply(db, pending, cmd); }, pending.command);
    db.exec(result ? "RELEASE command" : "ROLLBACK TO command; RELEASE command");
    return result;
  } catch (const SqliteError& e) {
    // After some errors (disk full, I/O) SQLite has already rolled back the whole transaction;
    // then the savepoint is gone and the caller must fail the batch.
    if (!db.in_transaction()) throw;
    db.exec("ROLLBACK TO command; RELEASE command");
    return storage_error(e);
  } catch (const std::exception& e) {
    if (!db.in_transaction()) throw;
    db.exec("ROLLBACK TO command; RELEASE command");
    return make_error(ErrorCode::internal, std::string("Internal error: ") + e.what());
  }
}

// A read transaction: several queries see one snapshot. Ending it loses nothing, so the
// destructor may simply roll back.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Connection& db) : db_(db) { db_.exec("BEGIN"); }
  ~ReadSnapshot() { db_.rollback_if_open(); }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  Connection& db_;
};

void configure(Connection& db, std::chrono::milliseconds busy_timeout) {
  db.exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout.count()));
}

}  // namespace

// One read connection borrowed from the pool for the length of a call; waits when all are busy.
class SqliteStore::ReadLease {
 public:
  explicit ReadLease(SqliteStore& store) : store_(store) {
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
  SqliteStore& store_;
  std::unique_ptr<Connection> connection_;
};

SqliteStore::SqliteStore(const std::string& path, SqliteOptions options)
    : options_(std::move(options)) {
  writer_ = std::make_unique<Connection>(
      path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  configure(*writer_, options_.busy_timeout);
  {
    auto mode = writer_->query("PRAGMA journal_mode = WAL");
    if (!mode.step() || mode.text(0) != "wal") {
      throw std::runtime_error("cannot switch " + path + " to WAL mode");
    }
  }
  // In WAL mode FULL syncs the log on every commit, so an acknowledged commit survives power
  // loss, not only a crash of this process.
  writer_->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
  sqlite::migrate(*writer_);

  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.read_connections); ++i) {
    auto reader = std::make_unique<Connection>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
    configure(*reader, options_.busy_timeout);
    reader->exec("PRAGMA query_only = ON");
    idle_readers_.push_back(std::move(reader));
  }
}

SqliteStore::~SqliteStore() = default;

std::vector<Result<CommittedEvent>> SqliteStore::append(std::span<const PendingCommand> batch) {
  std::vector<Result<CommittedEvent>> results;
  if (batch.empty()) return results;
  results.reserve(batch.size());

  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  const auto fail_all = [&](const Error& error) {
    db.rollback_if_open();
    results.assign(batch.size(), Result<CommittedEvent>(error));
    return std::move(results);
  };

  try {
    db.exec("BEGIN IMMEDIATE");
    for (const auto& pending : batch) results.push_back(apply_in_savepoint(db, pending));
  } catch (const SqliteError& e) {
    return fail_all(storage_error(e));
  } catch (const std::exception& e) {
    return fail_all(make_error(ErrorCode::internal, std::string("Internal error: ") + e.what()));
  }

  if (options_.fail_commit && options_.fail_commit()) {
    return fail_all(make_error(ErrorCode::storage_failed,
                               "The commit failed (injected fault); nothing was stored"));
  }
  try {
    db.exec("COMMIT");
  } catch (const SqliteError& e) {
    return fail_all(make_error(
        ErrorCode::storage_failed,
        std::string("The commit failed (") + sqlite3_errstr(e.code()) + "); nothing was stored"));
  }
  return results;
}

Result<std::vector<CommittedEvent>> SqliteStore::events_after(domain::RoundId round,
                                                              domain::Seq after,
                                                              std::size_t limit) {
  return guarded([&]() -> Result<std::vector<CommittedEvent>> {
    ReadLease db(*this);
    const auto capped = static_cast<std::int64_t>(
        std::min<std::size_t>(limit, std::numeric_limits<std::int64_t>::max()));
    auto rows = db->query(
        "SELECT seq, created_id, frame FROM events WHERE round_id = ?1 AND seq > ?2 "
        "ORDER BY seq LIMIT ?3",
        round, after, capped);
    std::vector<CommittedEvent> events;
    while (rows.step()) {
      events.push_back(CommittedEvent{round, rows.int64(0), rows.int64(1),
                                      std::make_shared<const std::string>(rows.text(2))});
    }
    return events;
  });
}

Result<std::optional<domain::RoundAccess>> SqliteStore::round_access(domain::RoundId round) {
  return guarded([&]() -> Result<std::optional<domain::RoundAccess>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    return load_round_access(*db, round);
  });
}

Result<std::vector<domain::RoundSummary>> SqliteStore::rounds_visible_to(
    const domain::Person& person) {
  return guarded([&]() -> Result<std::vector<domain::RoundSummary>> {
    ReadLease db(*this);
    ReadSnapshot snapshot(*db);
    std::map<domain::RoundId, std::vector<domain::OrganisationId>> invitations;
    {
      auto rows = db->query(
          "SELECT round_id, organisation_id FROM round_invitations "
          "ORDER BY round_id, organisation_id");
      while (rows.step()) invitations[rows.int64(0)].push_back(rows.int64(1));
    }
    // Load what authorisation needs and ask domain::can_view_round, so listing follows the
    // same single rule as every other read.
    auto rows = db->query(
        "SELECT id, phase, head_seq, title, created_at FROM rounds "
        "ORDER BY created_at DESC, id DESC");
    std::vector<domain::RoundSummary> summaries;
    while (rows.step()) {
      const auto id = rows.int64(0);
      domain::RoundAccess access{
          .id = id,
          .phase = parse_column(domain::phase_from(rows.text(1)), "rounds.phase"),
          .invited = std::move(invitations[id]),
          .head_seq = rows.int64(2),
      };
      if (!domain::can_view_round(person, access)) continue;
      summaries.push_back(domain::RoundSummary{
          .id = id,
          .title = rows.text(3),
          .phase = access.phase,
          .head_seq = access.head_seq,
          .created_at = domain::format_timestamp(rows.int64(4)),
      });
    }
    return summaries;
  });
}

Result<domain::OrganisationId> SqliteStore::create_organisation(const std::string& name,
                                                                domain::OrganisationKind kind) {
  std::lock_guard lock(write_mutex_);
  try {
    return insert_returning_id(
        *writer_, "INSERT INTO organisations (name, kind) VALUES (?1, ?2) RETURNING id", name,
        domain::to_string(kind));
  } catch (const SqliteError& e) {
    if (e.code() == SQLITE_CONSTRAINT_UNIQUE) {
      return make_error(ErrorCode::conflict, "An organisation with this name already exists");
    }
    return storage_error(e);
  }
}

Result<domain::PersonId> SqliteStore::create_person(const NewPerson& person) {
  std::lock_guard lock(write_mutex_);
  try {
    return insert_returning_id(
        *writer_,
        "INSERT INTO persons (name, email, role, organisation_id, password_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        person.name, person.email, domain::to_string(person.role), person.organisation,
        person.password_hash);
  } catch (const SqliteError& e) {
    if (e.code() == SQLITE_CONSTRAINT_UNIQUE) {
      return make_error(ErrorCode::conflict, "An account with this email address already exists");
    }
    if (e.code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
      return make_error(ErrorCode::not_found, "No such organisation");
    }
    return storage_error(e);
  }
}

Result<std::optional<Login>> SqliteStore::find_login(const std::string& email) {
  return guarded([&]() -> Result<std::optional<Login>> {
    ReadLease db(*this);
    auto row = db->query(
        "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind, p.password_hash "
        "FROM persons p JOIN organisations o ON o.id = p.organisation_id WHERE p.email = ?1",
        email);
    if (!row.step()) return std::optional<Login>();
    return std::optional<Login>(Login{read_person(row, 0), row.text(7)});
  });
}

Status SqliteStore::create_session(const std::string& token_hash, domain::PersonId person,
                                   domain::Timestamp expires_at) {
  std::lock_guard lock(write_mutex_);
  try {
    writer_
        ->query("INSERT INTO sessions (token_hash, person_id, expires_at) VALUES (?1, ?2, ?3)",
                token_hash, person, expires_at)
        .run();
    return domain::Ok{};
  } catch (const SqliteError& e) {
    if (e.code() == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return make_error(ErrorCode::conflict, "This session token is already in use");
    }
    if (e.code() == SQLITE_CONSTRAINT_FOREIGNKEY) {
      return make_error(ErrorCode::not_found, "No such person");
    }
    return storage_error(e);
  }
}

Result<std::optional<Session>> SqliteStore::find_session(const std::string& token_hash,
                                                         domain::Timestamp now) {
  return guarded([&]() -> Result<std::optional<Session>> {
    ReadLease db(*this);
    auto row = db->query(
        "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind, s.expires_at "
        "FROM sessions s JOIN persons p ON p.id = s.person_id "
        "JOIN organisations o ON o.id = p.organisation_id "
        "WHERE s.token_hash = ?1 AND s.expires_at > ?2",
        token_hash, now);
    if (!row.step()) return std::optional<Session>();
    return std::optional<Session>(Session{read_person(row, 0), row.int64(7)});
  });
}

Status SqliteStore::delete_session(const std::string& token_hash) {
  std::lock_guard lock(write_mutex_);
  return guarded([&]() -> Status {
    writer_->query("DELETE FROM sessions WHERE token_hash = ?1", token_hash).run();
    return domain::Ok{};
  });
}

Result<std::int64_t> SqliteStore::delete_expired_sessions(domain::Timestamp now) {
  std::lock_guard lock(write_mutex_);
  return guarded([&]() -> Result<std::int64_t> {
    writer_->query("DELETE FROM sessions WHERE expires_at <= ?1", now).run();
    return writer_->changes();
  });
}

Result<bool> SqliteStore::is_empty() {
  return guarded([&]() -> Result<bool> {
    ReadLease db(*this);
    auto row = db->query("SELECT NOT EXISTS (SELECT 1 FROM persons)");
    row.step();
    return row.int64(0) != 0;
  });
}

}  // namespace samrad::store
