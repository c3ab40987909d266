// The write transaction for command handlers (see sql_transaction.hpp). SQL only: what
// is allowed is decided by the domain before anything here writes.
#include "store/sql/sql_transaction.hpp"

#include <stdexcept>
#include <string_view>
#include <variant>

#include "store/event_data.hpp"
#include "store/sql/rows.hpp"

namespace samrad::store::sql {

namespace {

// The sectors column: a JSON array of the sectors' names (fixed ASCII words).
std::string sectors_json(const std::vector<domain::Sector>& sectors) {
  std::string json = "[";
  for (const auto sector : sectors) {
    if (json.size() > 1) json += ',';
    json += '"';
    json += domain::to_string(sector);
    json += '"';
  }
  return json + "]";
}

}  // namespace

std::optional<domain::RoundAccess> SqlTransaction::round(domain::RoundId round) {
  if (const auto known = rounds_.find(round); known != rounds_.end()) return known->second;
  if (const auto lock = db_.dialect().lock_round; !lock.empty()) db_.query(lock, round).run();
  auto access = load_round_access(db_, round);
  if (access) rounds_.emplace(round, *access);
  return access;
}

std::optional<domain::ThreadFacts> SqlTransaction::thread(domain::ThreadId id) {
  auto row = db_.query(
      "SELECT round_id, stream, status, locked, pinned_post_id FROM threads WHERE id = ?1", id);
  if (!row.step()) return std::nullopt;
  return domain::ThreadFacts{
      .id = id,
      .round = row.int64(0),
      .stream = parse_column(domain::stream_kind_from(row.text(1)), "threads.stream"),
      .status = parse_column(domain::agenda_status_from(row.text(2)), "threads.status"),
      .locked = row.int64(3) != 0,
      .pinned_post = optional_int64(row, 4),
  };
}

std::optional<domain::PostFacts> SqlTransaction::post(domain::PostId id) {
  auto row = db_.query(
      "SELECT thread_id, author_id, version, body, hidden_at IS NOT NULL FROM posts WHERE id = ?1",
      id);
  if (!row.step()) return std::nullopt;
  return domain::PostFacts{.id = id,
                           .thread = row.int64(0),
                           .author = row.int64(1),
                           .version = row.int64(2),
                           .body = row.text(3),
                           .hidden = row.int64(4) != 0};
}

std::vector<domain::OpenReport> SqlTransaction::open_reports(domain::PostId post) {
  auto rows = db_.query(
      "SELECT id, reporter_id FROM reports WHERE post_id = ?1 AND resolved_at IS NULL ORDER BY id",
      post);
  std::vector<domain::OpenReport> reports;
  while (rows.step()) reports.push_back({.id = rows.int64(0), .reporter = rows.int64(1)});
  return reports;
}

std::optional<domain::ReportFacts> SqlTransaction::report(domain::ReportId id) {
  auto row =
      db_.query("SELECT round_id, post_id, resolved_at IS NULL FROM reports WHERE id = ?1", id);
  if (!row.step()) return std::nullopt;
  return domain::ReportFacts{
      .id = id, .round = row.int64(0), .post = row.int64(1), .open = row.int64(2) != 0};
}

std::optional<domain::OrganisationRecord> SqlTransaction::organisation(domain::OrganisationId id) {
  return organisation_record(id);
}

std::int64_t SqlTransaction::position_version(domain::RoundId round,
                                              domain::OrganisationId organisation) {
  auto row = db_.query(
      "SELECT coalesce(max(version), 0) FROM positions "
      "WHERE round_id = ?1 AND organisation_id = ?2",
      round, organisation);
  row.step();
  return row.int64(0);
}

std::vector<domain::Event> SqlTransaction::stream_events(const domain::StreamId& stream) {
  static const std::string sql =
      std::string(event_columns) + "WHERE e.round_id = ?1 AND e.stream = ?2 ORDER BY e.seq";
  auto rows = db_.query(sql, stream.round, domain::to_string(stream.kind));
  std::vector<domain::Event> events;
  while (rows.step()) events.push_back(read_event(rows));
  return events;
}

std::optional<domain::Event> SqlTransaction::event(const domain::StreamId& stream,
                                                   domain::Seq seq) {
  static const std::string sql =
      std::string(event_columns) + "WHERE e.round_id = ?1 AND e.stream = ?2 AND e.seq = ?3";
  auto row = db_.query(sql, stream.round, domain::to_string(stream.kind), seq);
  if (!row.step()) return std::nullopt;
  return read_event(row);
}

std::optional<RememberedCommand> SqlTransaction::remembered_command(domain::PersonId person,
                                                                    const std::string& key,
                                                                    domain::Timestamp since) {
  auto row = db_.query(
      "SELECT fingerprint, round_id, stream, seq FROM command_keys "
      "WHERE person_id = ?1 AND request_key = ?2 AND created_at >= ?3",
      person, key, since);
  if (!row.step()) return std::nullopt;
  return RememberedCommand{
      .fingerprint = row.text(0),
      .stream = {row.int64(1),
                 parse_column(domain::stream_kind_from(row.text(2)), "command_keys.stream")},
      .seq = row.int64(3)};
}

void SqlTransaction::remember_command(domain::PersonId person, const std::string& key,
                                      const RememberedCommand& command, domain::Timestamp at,
                                      domain::Timestamp forget_before) {
  // Expired keys go as new ones come, a few at a time, by the index on created_at; a key
  // expired but not yet gone is replaced.
  db_.query("DELETE FROM command_keys WHERE created_at < ?1", forget_before).run();
  db_.query("DELETE FROM command_keys WHERE person_id = ?1 AND request_key = ?2", person, key)
      .run();
  db_.query(
         "INSERT INTO command_keys (person_id, request_key, fingerprint, round_id, stream, seq, "
         "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
         person, key, command.fingerprint, command.stream.round,
         domain::to_string(command.stream.kind), command.seq, at)
      .run();
}

std::optional<LoggedRecord> SqlTransaction::latest_record(domain::RoundId round) {
  auto row = db_.query(
      "SELECT log_index, round_id, record, leaf_hash, created_at FROM decision_records "
      "WHERE round_id = ?1 ORDER BY log_index DESC LIMIT 1",
      round);
  if (!row.step()) return std::nullopt;
  return LoggedRecord{.log_index = row.int64(0),
                      .round = row.int64(1),
                      .record = row.text(2),
                      .leaf_hash = row.text(3),
                      .at = row.int64(4)};
}

// The log's size cannot change between reading it and inserting: one writer, or the lock.
std::int64_t SqlTransaction::append_record(const NewRecord& record) {
  if (const auto lock = db_.dialect().lock_record_log; !lock.empty()) db_.exec(std::string(lock));
  auto size = db_.query("SELECT count(*) FROM decision_records");
  size.step();
  const auto log_index = size.int64(0);
  db_.query(
         "INSERT INTO decision_records (log_index, round_id, record, leaf_hash, created_at, "
         "supersedes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
         log_index, record.round, record.record, record.leaf_hash, record.at, record.supersedes)
      .run();
  return log_index;
}

std::int64_t SqlTransaction::outcome_version(domain::RoundId round) {
  auto row = db_.query("SELECT coalesce(max(version), 0) FROM outcomes WHERE round_id = ?1", round);
  row.step();
  return row.int64(0);
}

std::int64_t SqlTransaction::minutes_version(domain::RoundId round, domain::ThreadId thread) {
  auto row = db_.query(
      "SELECT coalesce(max(version), 0) FROM minutes WHERE round_id = ?1 AND thread_id = ?2", round,
      thread);
  row.step();
  return row.int64(0);
}

std::int64_t SqlTransaction::joint_document_version(domain::RoundId round) {
  auto row = db_.query(
      "SELECT coalesce(max(version), 0) FROM joint_document_versions WHERE round_id = ?1", round);
  row.step();
  return row.int64(0);
}

std::vector<domain::Side> SqlTransaction::joint_document_approvals(domain::RoundId round,
                                                                   std::int64_t version) {
  auto rows =
      db_.query("SELECT side FROM joint_document_approvals WHERE round_id = ?1 AND version = ?2",
                round, version);
  std::vector<domain::Side> sides;
  while (rows.step()) {
    const auto side = domain::side_from(rows.text(0));
    if (!side) throw std::runtime_error("joint_document_approvals holds an unknown side");
    sides.push_back(*side);
  }
  return sides;
}

std::vector<domain::OrganisationId> SqlTransaction::organisations_with_positions(
    domain::RoundId round) {
  auto rows = db_.query(
      "SELECT DISTINCT organisation_id FROM positions WHERE round_id = ?1 "
      "ORDER BY organisation_id",
      round);
  std::vector<domain::OrganisationId> organisations;
  while (rows.step()) organisations.push_back(rows.int64(0));
  return organisations;
}

bool SqlTransaction::session_is_live(const std::string& token_hash, domain::Timestamp now) {
  auto row = db_.query(live_session_sql, token_hash, now);
  return row.step();
}

std::int64_t SqlTransaction::new_id(Entity entity) {
  constexpr std::array<std::string_view, 4> tables = {"rounds", "threads", "posts", "reports"};
  const auto table = tables.at(static_cast<std::size_t>(entity));
  if (db_.dialect().id_sequences) {
    auto row = db_.query("SELECT nextval(pg_get_serial_sequence(?1, 'id'))", table);
    row.step();
    return row.int64(0);
  }
  auto& last = last_ids_.at(static_cast<std::size_t>(entity));
  if (!last) {
    auto row = db_.query("SELECT coalesce(max(id), 0) FROM " + std::string(table));
    row.step();
    last = row.int64(0);
  }
  return ++*last;
}

domain::Seq SqlTransaction::next_seq(const domain::StreamId& stream) {
  const auto kind = domain::to_string(stream.kind);
  if (const auto moved = heads_.find(stream); moved != heads_.end()) {
    db_.query("UPDATE streams SET head_seq = ?3 WHERE round_id = ?1 AND kind = ?2", stream.round,
              kind, moved->second + 1)
        .run();
    return ++moved->second;
  }
  // A plain UPDATE, then a read of the head: SQLite collects the rows of a RETURNING in a
  // temporary table, and checks an upsert's new row against CHECK (kind IN ...) with another,
  // building both for every statement.
  db_.query("UPDATE streams SET head_seq = head_seq + 1 WHERE round_id = ?1 AND kind = ?2",
            stream.round, kind)
      .run();
  auto head = load_head_seq(db_, stream);
  if (head == 0) {
    auto created = db_.query(
        "INSERT INTO streams (round_id, kind, head_seq, epoch) "
        "VALUES (?1, ?2, 1, (SELECT epoch FROM store_epoch)) "
        "ON CONFLICT (round_id, kind) DO UPDATE SET head_seq = streams.head_seq + 1 RETURNING "
        "head_seq",
        stream.round, kind);
    if (!created.step()) throw std::logic_error("UPSERT ... RETURNING gave no row");
    head = created.int64(0);
  }
  heads_[stream] = head;
  return head;
}

void SqlTransaction::append(const domain::Event& event) {
  db_.query(
         "INSERT INTO events (round_id, stream, seq, kind, at, actor_id, actor_organisation_id, "
         "data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
         event.stream.round, domain::to_string(event.stream.kind), event.seq,
         domain::kind_of(event.data), event.at, event.actor.id, event.actor.organisation.id,
         encode_event_data(event.data))
      .run();
  if (!std::holds_alternative<domain::PostCreated>(event.data)) rounds_.erase(event.stream.round);
  std::visit([&](const auto& data) { mirror(event, data); }, event.data);
}

void SqlTransaction::mirror(const domain::Event& event, const domain::RoundCreated& created) {
  db_.query(
         "INSERT INTO rounds (id, title, proposal, phase, created_at, kind, sectors) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
         event.stream.round, created.title, created.proposal, domain::to_string(created.phase),
         event.at, domain::to_string(created.kind.value_or(domain::RoundKind::plenary)),
         sectors_json(created.sectors))
      .run();
  for (const auto& organisation : created.invited) {
    db_.query("INSERT INTO round_invitations (round_id, organisation_id) VALUES (?1, ?2)",
              event.stream.round, organisation.id)
        .run();
  }
}

void SqlTransaction::mirror(const domain::Event& event, const domain::ThreadCreated& created) {
  db_.query(
         "INSERT INTO threads (id, round_id, stream, title, created_by, created_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
         created.thread, event.stream.round, domain::to_string(event.stream.kind), created.title,
         event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::PostCreated& created) {
  db_.query(
         "INSERT INTO posts (id, round_id, thread_id, reply_to, author_id, organisation_id, "
         "body, created_at, proposal_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
         created.post, event.stream.round, created.thread, created.reply_to, event.actor.id,
         event.actor.organisation.id, created.body, event.at, created.proposal_version)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::PhaseChanged& changed) {
  db_.query("UPDATE rounds SET phase = ?2 WHERE id = ?1", event.stream.round,
            domain::to_string(changed.phase))
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::ScheduleChanged& changed) {
  db_.query("UPDATE rounds SET opens_at = ?2, closes_at = ?3, schedule_set_by = ?4 WHERE id = ?1",
            event.stream.round, changed.opens_at, changed.closes_at, event.actor.id)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event,
                            const domain::OrganisationInvited& invited) {
  db_.query("INSERT INTO round_invitations (round_id, organisation_id) VALUES (?1, ?2)",
            event.stream.round, invited.organisation.id)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event,
                            const domain::InvitationWithdrawn& withdrawn) {
  db_.query("DELETE FROM round_invitations WHERE round_id = ?1 AND organisation_id = ?2",
            event.stream.round, withdrawn.organisation.id)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event,
                            const domain::AgendaItemProposed& proposed) {
  db_.query(
         "INSERT INTO threads (id, round_id, stream, title, created_by, created_at, status) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'proposed')",
         proposed.thread, event.stream.round, domain::to_string(event.stream.kind), proposed.title,
         event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event&, const domain::AgendaItemDecided& decided) {
  db_.query("UPDATE threads SET status = ?2 WHERE id = ?1", decided.thread,
            std::string_view(decided.accepted ? "accepted" : "declined"))
      .run();
}

// The agenda's order is not a fact any decision reads; clients fold it from the events.
void SqlTransaction::mirror(const domain::Event&, const domain::ThreadMoved&) {}

void SqlTransaction::mirror(const domain::Event&, const domain::ThreadLocked& locked) {
  db_.query("UPDATE threads SET locked = ?2 WHERE id = ?1", locked.thread,
            std::int64_t{locked.locked ? 1 : 0})
      .run();
}

void SqlTransaction::mirror(const domain::Event&, const domain::PostPinned& pinned) {
  db_.query("UPDATE threads SET pinned_post_id = ?2 WHERE id = ?1", pinned.thread, pinned.post)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::ProposalRevised& revised) {
  db_.query("UPDATE rounds SET proposal = ?2, proposal_version = ?3 WHERE id = ?1",
            event.stream.round, revised.proposal, revised.version)
      .run();
}

// A post's first version is its row in posts until it is edited; then post_versions keeps them
// all, the first copied there before the row changes.
void SqlTransaction::mirror(const domain::Event& event, const domain::PostEdited& edited) {
  db_.query(
         "INSERT INTO post_versions (post_id, version, body, at) "
         "SELECT id, 1, body, created_at FROM posts WHERE id = ?1 AND version = 1",
         edited.post)
      .run();
  db_.query("INSERT INTO post_versions (post_id, version, body, at) VALUES (?1, ?2, ?3, ?4)",
            edited.post, edited.version, edited.body, event.at)
      .run();
  db_.query("UPDATE posts SET body = ?2, version = ?3 WHERE id = ?1", edited.post, edited.body,
            edited.version)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::PostHidden& hidden) {
  db_.query("UPDATE posts SET hidden_at = ?2, hidden_by = ?3, hidden_reason = ?4 WHERE id = ?1",
            hidden.post, event.at, event.actor.id, hidden.reason)
      .run();
}

void SqlTransaction::mirror(const domain::Event&, const domain::PostUnhidden& unhidden) {
  db_.query(
         "UPDATE posts SET hidden_at = NULL, hidden_by = NULL, hidden_reason = NULL WHERE id = ?1",
         unhidden.post)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::PostReported& reported) {
  db_.query(
         "INSERT INTO reports (id, round_id, post_id, reporter_id, reason, created_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
         reported.report, event.stream.round, reported.post, event.actor.id, reported.reason,
         event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::ReportsResolved& resolved) {
  for (const auto id : resolved.reports) {
    db_.query(
           "UPDATE reports SET resolved_at = ?2, resolved_by = ?3, outcome = ?4, note = ?5 "
           "WHERE id = ?1",
           id, event.at, event.actor.id, domain::to_string(resolved.outcome), resolved.note)
        .run();
  }
}

void SqlTransaction::mirror(const domain::Event& event, const domain::ReminderSent& sent) {
  db_.query(
         "INSERT INTO reminders (round_id, seq, organisation_id, sent_by, sent_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)",
         event.stream.round, event.seq, sent.organisation.id, event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::PositionStated& stated) {
  db_.query(
         "INSERT INTO positions (round_id, organisation_id, version, seq, stance, stated_by, "
         "stated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
         event.stream.round, stated.organisation.id, stated.version, event.seq,
         domain::to_string(stated.stance), event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::OutcomeWritten& written) {
  db_.query(
         "INSERT INTO outcomes (round_id, version, seq, written_by, written_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)",
         event.stream.round, written.version, event.seq, event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::DissentAttached& attached) {
  db_.query(
         "INSERT INTO dissents (round_id, seq, organisation_id, attached_by, attached_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)",
         event.stream.round, event.seq, attached.organisation.id, event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event, const domain::MinutesWritten& written) {
  db_.query(
         "INSERT INTO minutes (round_id, thread_id, version, seq, written_by, written_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
         event.stream.round, written.thread, written.version, event.seq, event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event,
                            const domain::JointDocumentWritten& written) {
  db_.query(
         "INSERT INTO joint_document_versions (round_id, version, seq, written_by, written_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)",
         event.stream.round, written.version, event.seq, event.actor.id, event.at)
      .run();
}

void SqlTransaction::mirror(const domain::Event& event,
                            const domain::JointDocumentApproved& approved) {
  db_.query(
         "INSERT INTO joint_document_approvals "
         "(round_id, version, side, seq, approved_by, approved_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
         event.stream.round, approved.version, std::string(domain::to_string(approved.side)),
         event.seq, event.actor.id, event.at)
      .run();
}

}  // namespace samrad::store::sql
