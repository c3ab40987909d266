// The account part of the write transaction (see store/account_transaction.hpp) and the
// audit log's append. SQL only: what is allowed is decided by domain/accounts first.
#include <string>
#include <vector>

#include "store/audit_details.hpp"
#include "store/sql/rows.hpp"
#include "store/sql/sql_transaction.hpp"

namespace samrad::store::sql {

namespace {

std::int64_t returned_id(Statement statement) {
  if (!statement.step()) throw std::logic_error("INSERT ... RETURNING gave no row");
  return statement.int64(0);
}

std::vector<EndedSession> ended(Statement rows) {
  std::vector<EndedSession> sessions;
  while (rows.step()) sessions.push_back({read_session(rows), rows.text(8)});
  return sessions;
}

// DELETE ... RETURNING with the columns read_session expects.
constexpr std::string_view returning_session =
    " RETURNING id, person_id, created_at, last_used_at, expires_at, absolute_expires_at, "
    "user_agent, address, token_hash";

}  // namespace

void SqlTransaction::record(const domain::AuditRecord& record) {
  db_.query(
         "INSERT INTO audit_log (at, action, actor_id, source, address, round_id, target_kind, "
         "target_id, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
         record.at, record.action, record.actor, domain::to_string(record.origin.source),
         record.origin.address, record.round, record.target_kind, record.target_id,
         encode_audit_details(record.details))
      .run();
}

std::optional<domain::OrganisationRecord> SqlTransaction::organisation_record(
    domain::OrganisationId id) {
  auto row = db_.query("SELECT name, kind, active FROM organisations WHERE id = ?1", id);
  if (!row.step()) return std::nullopt;
  return domain::OrganisationRecord{
      .organisation = {.id = id,
                       .name = row.text(0),
                       .kind = parse_column(domain::organisation_kind_from(row.text(1)),
                                            "organisations.kind")},
      .active = row.int64(2) != 0,
  };
}

bool SqlTransaction::organisation_name_taken(const std::string& name) {
  return db_.query("SELECT 1 FROM organisations WHERE name = ?1", name).step();
}

std::optional<domain::PersonRecord> SqlTransaction::person(domain::PersonId id) {
  static const std::string sql = std::string(person_record_columns) + "WHERE p.id = ?1";
  auto row = db_.query(sql, id);
  if (!row.step()) return std::nullopt;
  return read_person_record(row);
}

std::optional<domain::PersonRecord> SqlTransaction::person_by_email(const std::string& email) {
  static const std::string sql =
      std::string(person_record_columns) + "WHERE lower(p.email) = lower(?1)";
  auto row = db_.query(sql, email);
  if (!row.step()) return std::nullopt;
  return read_person_record(row);
}

std::vector<domain::AdminSeat> SqlTransaction::active_admins() {
  auto rows = db_.query(
      "SELECT p.id, p.organisation_id FROM persons p JOIN organisations o ON o.id = "
      "p.organisation_id WHERE p.role = 'admin' AND p.active = 1 AND o.active = 1 ORDER BY p.id");
  std::vector<domain::AdminSeat> seats;
  while (rows.step()) seats.push_back({rows.int64(0), rows.int64(1)});
  return seats;
}

domain::OrganisationId SqlTransaction::insert_organisation(const std::string& name,
                                                           domain::OrganisationKind kind) {
  return returned_id(
      db_.query("INSERT INTO organisations (name, kind) VALUES (?1, ?2) RETURNING id", name,
                domain::to_string(kind)));
}

void SqlTransaction::set_organisation_active(domain::OrganisationId organisation, bool active) {
  db_.query("UPDATE organisations SET active = ?2 WHERE id = ?1", organisation,
            std::int64_t{active ? 1 : 0})
      .run();
}

domain::PersonId SqlTransaction::insert_person(const std::string& name, const std::string& email,
                                               domain::Role role,
                                               domain::OrganisationId organisation) {
  return returned_id(
      db_.query("INSERT INTO persons (name, email, role, organisation_id, password_hash) "
                "VALUES (?1, ?2, ?3, ?4, '') RETURNING id",
                name, email, domain::to_string(role), organisation));
}

void SqlTransaction::set_person_active(domain::PersonId person, bool active) {
  db_.query("UPDATE persons SET active = ?2 WHERE id = ?1", person, std::int64_t{active ? 1 : 0})
      .run();
}

void SqlTransaction::set_role(domain::PersonId person, domain::Role role) {
  db_.query("UPDATE persons SET role = ?2 WHERE id = ?1", person, domain::to_string(role)).run();
}

void SqlTransaction::set_password_hash(domain::PersonId person, const std::string& hash) {
  db_.query("UPDATE persons SET password_hash = ?2 WHERE id = ?1", person, hash).run();
}

domain::SessionId SqlTransaction::insert_session(const NewSession& session) {
  return returned_id(db_.query(
      "INSERT INTO sessions (token_hash, person_id, expires_at, absolute_expires_at, created_at, "
      "last_used_at, user_agent, address) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7) RETURNING id",
      session.token_hash, session.person, session.expires_at, session.absolute_expires_at,
      session.created_at, session.user_agent, session.address));
}

std::optional<EndedSession> SqlTransaction::session(domain::SessionId id) {
  static const std::string sql = std::string(session_columns) + "WHERE s.id = ?1";
  auto row = db_.query(sql, id);
  if (!row.step()) return std::nullopt;
  return EndedSession{read_session(row), row.text(8)};
}

std::optional<EndedSession> SqlTransaction::session_by_token(const std::string& token_hash) {
  static const std::string sql = std::string(session_columns) + "WHERE s.token_hash = ?1";
  auto row = db_.query(sql, token_hash);
  if (!row.step()) return std::nullopt;
  return EndedSession{read_session(row), row.text(8)};
}

std::vector<EndedSession> SqlTransaction::delete_session(domain::SessionId id) {
  static const std::string sql =
      "DELETE FROM sessions WHERE id = ?1" + std::string(returning_session);
  return ended(db_.query(sql, id));
}

std::vector<EndedSession> SqlTransaction::delete_sessions_of_person(domain::PersonId person) {
  static const std::string sql =
      "DELETE FROM sessions WHERE person_id = ?1" + std::string(returning_session);
  return ended(db_.query(sql, person));
}

std::vector<EndedSession> SqlTransaction::delete_sessions_of_organisation(
    domain::OrganisationId organisation) {
  static const std::string sql =
      "DELETE FROM sessions WHERE person_id IN (SELECT id FROM persons WHERE organisation_id = "
      "?1)" +
      std::string(returning_session);
  return ended(db_.query(sql, organisation));
}

std::vector<EndedSession> SqlTransaction::delete_expired_sessions(domain::Timestamp now) {
  static const std::string sql =
      "DELETE FROM sessions WHERE expires_at <= ?1" + std::string(returning_session);
  return ended(db_.query(sql, now));
}

domain::InvitationId SqlTransaction::insert_invitation(const std::string& token_hash,
                                                       domain::PersonId person,
                                                       std::optional<domain::PersonId> created_by,
                                                       domain::Timestamp created_at,
                                                       domain::Timestamp expires_at) {
  return returned_id(
      db_.query("INSERT INTO invitations (token_hash, person_id, created_by, created_at, "
                "expires_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                token_hash, person, created_by, created_at, expires_at));
}

std::optional<domain::InvitationRecord> SqlTransaction::invitation(const std::string& token_hash) {
  auto row = db_.query(
      "SELECT id, person_id, expires_at, used_at, revoked_at IS NOT NULL FROM invitations "
      "WHERE token_hash = ?1",
      token_hash);
  if (!row.step()) return std::nullopt;
  return domain::InvitationRecord{.id = row.int64(0),
                                  .person = row.int64(1),
                                  .expires_at = row.int64(2),
                                  .used_at = optional_int64(row, 3),
                                  .revoked = row.int64(4) != 0};
}

void SqlTransaction::mark_invitation_used(domain::InvitationId invitation, domain::Timestamp at) {
  db_.query("UPDATE invitations SET used_at = ?2 WHERE id = ?1", invitation, at).run();
}

void SqlTransaction::revoke_invitations_of(domain::PersonId person, domain::Timestamp at) {
  db_.query(
         "UPDATE invitations SET revoked_at = ?2 "
         "WHERE person_id = ?1 AND used_at IS NULL AND revoked_at IS NULL",
         person, at)
      .run();
}

}  // namespace samrad::store::sql
