// Reading domain values out of rows and the lookups both the write transaction and the read
// paths need. Internal to the SQL store.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/accounts.hpp"
#include "domain/api_tokens.hpp"
#include "domain/commands.hpp"
#include "domain/events.hpp"
#include "domain/types.hpp"
#include "store/sql/connection.hpp"

namespace samrad::store::sql {

// The CHECK constraints only admit known spellings, so an unknown one is a broken invariant.
template <class Enum>
Enum parse_column(std::optional<Enum> value, std::string_view column) {
  if (!value) throw std::logic_error("unknown value in column " + std::string(column));
  return *value;
}

// A person from columns first .. first+6: id, name, email, role, organisation id, name, kind.
domain::Person read_person(const Statement& row, int first);

std::optional<std::int64_t> optional_int64(const Statement& row, int column);

std::optional<domain::RoundAccess> load_round_access(Connection& db, domain::RoundId round);

// The stream's newest seq; 0 for a stream without events.
domain::Seq load_head_seq(Connection& db, const domain::StreamId& stream);
// The stream's epoch; the store's for a stream without events (its row takes that epoch).
std::string load_epoch(Connection& db, const domain::StreamId& stream);

// The select list and joins that read_event expects: an event row with its actor.
inline constexpr std::string_view event_columns =
    "SELECT e.round_id, e.stream, e.seq, e.kind, e.at, e.data, p.id, p.name, p.email, p.role, "
    "o.id, o.name, o.kind FROM events e JOIN persons p ON p.id = e.actor_id "
    "JOIN organisations o ON o.id = e.actor_organisation_id ";
domain::Event read_event(const Statement& row);

// A live session: not past its end, and its person and their organisation active.
inline constexpr std::string_view live_session_sql =
    "SELECT 1 FROM sessions s JOIN persons p ON p.id = s.person_id "
    "JOIN organisations o ON o.id = p.organisation_id "
    "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND p.active = 1 AND o.active = 1";

// The select list and joins that read_person_record expects: a person with their organisation
// and whether both are active and a password is set.
inline constexpr std::string_view person_record_columns =
    "SELECT p.id, p.name, p.email, p.role, o.id, o.name, o.kind, p.active, o.active, "
    "p.password_hash != '' FROM persons p JOIN organisations o ON o.id = p.organisation_id ";
domain::PersonRecord read_person_record(const Statement& row);

// The select list that read_session expects, from sessions s.
inline constexpr std::string_view session_columns =
    "SELECT s.id, s.person_id, s.created_at, s.last_used_at, s.expires_at, "
    "s.absolute_expires_at, s.user_agent, s.address, s.token_hash FROM sessions s ";
domain::SessionRecord read_session(const Statement& row);

// The select list that read_api_token expects, from api_tokens t; column 9 is the token's hash.
inline constexpr std::string_view api_token_columns =
    "SELECT t.id, t.person_id, t.name, t.scope, t.created_at, t.last_used_at, t.expires_at, "
    "t.revoked_at, t.revoked_by, t.token_hash FROM api_tokens t ";
domain::ApiTokenRecord read_api_token(const Statement& row);

}  // namespace samrad::store::sql
