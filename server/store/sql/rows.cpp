// Row readers and shared lookups (see rows.hpp).
#include "store/sql/rows.hpp"

#include "store/event_data.hpp"

namespace samrad::store::sql {

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
  auto round = db.query(
      "SELECT phase, kind, opens_at, closes_at, proposal_version FROM rounds WHERE id = ?1", id);
  if (!round.step()) return std::nullopt;
  domain::RoundAccess access{
      .id = id,
      .phase = parse_column(domain::phase_from(round.text(0)), "rounds.phase"),
      .invited = {},
      .kind = parse_column(domain::round_kind_from(round.text(1)), "rounds.kind"),
      .opens_at = optional_int64(round, 2),
      .closes_at = optional_int64(round, 3),
      .proposal_version = round.int64(4),
  };
  auto invited = db.query(
      "SELECT organisation_id FROM round_invitations WHERE round_id = ?1 ORDER BY organisation_id",
      id);
  while (invited.step()) access.invited.push_back(invited.int64(0));
  return access;
}

std::optional<std::int64_t> optional_int64(const Statement& row, int column) {
  return row.is_null(column) ? std::nullopt : std::optional<std::int64_t>(row.int64(column));
}

domain::Seq load_head_seq(Connection& db, const domain::StreamId& stream) {
  auto row = db.query("SELECT head_seq FROM streams WHERE round_id = ?1 AND kind = ?2",
                      stream.round, domain::to_string(stream.kind));
  return row.step() ? row.int64(0) : 0;
}

std::string load_epoch(Connection& db, const domain::StreamId& stream) {
  auto row = db.query(
      "SELECT coalesce((SELECT epoch FROM streams WHERE round_id = ?1 AND kind = ?2), "
      "(SELECT epoch FROM store_epoch))",
      stream.round, domain::to_string(stream.kind));
  if (!row.step()) throw std::logic_error("store_epoch holds no epoch");
  return row.text(0);
}

domain::Event read_event(const Statement& row) {
  const std::string kind = row.text(3);
  return domain::Event{
      .stream = {row.int64(0),
                 parse_column(domain::stream_kind_from(row.text(1)), "events.stream")},
      .seq = row.int64(2),
      .at = row.int64(4),
      .actor = read_person(row, 6),
      .data = decode_event_data(kind, row.text(5)),
      .access_after = std::nullopt,
  };
}

domain::PersonRecord read_person_record(const Statement& row) {
  return domain::PersonRecord{
      .person = read_person(row, 0),
      .active = row.int64(7) != 0,
      .organisation_active = row.int64(8) != 0,
      .has_password = row.int64(9) != 0,
  };
}

domain::SessionRecord read_session(const Statement& row) {
  return domain::SessionRecord{
      .id = row.int64(0),
      .person = row.int64(1),
      .created_at = row.int64(2),
      .last_used_at = row.int64(3),
      .expires_at = row.int64(4),
      .absolute_expires_at = row.int64(5),
      .user_agent = row.text(6),
      .address = row.text(7),
  };
}

domain::ApiTokenRecord read_api_token(const Statement& row) {
  return domain::ApiTokenRecord{
      .id = row.int64(0),
      .person = row.int64(1),
      .name = row.text(2),
      .scope = parse_column(domain::token_scope_from(row.text(3)), "api_tokens.scope"),
      .created_at = row.int64(4),
      .last_used_at = optional_int64(row, 5),
      .expires_at = row.int64(6),
      .revoked_at = optional_int64(row, 7),
      .revoked_by = optional_int64(row, 8),
  };
}

}  // namespace samrad::store::sql
