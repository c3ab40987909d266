// The API token part of the write transaction (see store/account_transaction.hpp). SQL only:
// what is allowed is decided by domain/api_tokens first.
#include <string>

#include "store/sql/rows.hpp"
#include "store/sql/sql_transaction.hpp"

namespace samrad::store::sql {

domain::ApiTokenId SqlTransaction::insert_api_token(const NewApiToken& token) {
  auto row = db_.query(
      "INSERT INTO api_tokens (person_id, name, token_hash, scope, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
      token.person, token.name, token.token_hash, domain::to_string(token.scope), token.created_at,
      token.expires_at);
  if (!row.step()) throw std::logic_error("INSERT ... RETURNING gave no row");
  return row.int64(0);
}

std::optional<domain::ApiTokenRecord> SqlTransaction::api_token(domain::ApiTokenId id) {
  static const std::string sql = std::string(api_token_columns) + "WHERE t.id = ?1";
  auto row = db_.query(sql, id);
  if (!row.step()) return std::nullopt;
  return read_api_token(row);
}

std::optional<ApiTokenMatch> SqlTransaction::api_token_by_hash(const std::string& token_hash) {
  static const std::string sql = std::string(api_token_columns) + "WHERE t.token_hash = ?1";
  auto row = db_.query(sql, token_hash);
  if (!row.step()) return std::nullopt;
  return ApiTokenMatch{read_api_token(row), row.text(9)};
}

std::size_t SqlTransaction::live_api_tokens_of(domain::PersonId person, domain::Timestamp now) {
  auto row = db_.query(
      "SELECT count(*) FROM api_tokens "
      "WHERE person_id = ?1 AND revoked_at IS NULL AND expires_at > ?2",
      person, now);
  row.step();
  return static_cast<std::size_t>(row.int64(0));
}

void SqlTransaction::revoke_api_token(domain::ApiTokenId token,
                                      std::optional<domain::PersonId> revoked_by,
                                      domain::Timestamp at) {
  db_.query(
         "UPDATE api_tokens SET revoked_at = ?2, revoked_by = ?3 "
         "WHERE id = ?1 AND revoked_at IS NULL",
         token, at, revoked_by)
      .run();
}

void SqlTransaction::note_api_token_use(domain::ApiTokenId token, domain::Timestamp at) {
  db_.query("UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", token, at).run();
}

}  // namespace samrad::store::sql
