// Rules for API tokens (see api_tokens.hpp).
#include "domain/api_tokens.hpp"

#include "domain/text.hpp"

namespace samrad::domain {

std::string_view to_string(TokenScope scope) noexcept {
  switch (scope) {
    case TokenScope::export_:
      return "export";
  }
  return "export";
}

std::optional<TokenScope> token_scope_from(std::string_view text) noexcept {
  if (text == "export") return TokenScope::export_;
  return std::nullopt;
}

bool can_hold_api_tokens(const Person& person) noexcept {
  return person.role == Role::observer || person.role == Role::admin;
}

Result<Timestamp> decide_create_token(const Person& person, const CreateApiToken& cmd,
                                      std::size_t live_tokens, const ApiTokenLimits& limits,
                                      Timestamp now) {
  if (!can_hold_api_tokens(person)) {
    return make_error(ErrorCode::forbidden, "Only observers and admins create API tokens");
  }
  if (is_blank(cmd.name)) return make_error(ErrorCode::bad_request, "Give the token a name");
  if (cmd.name.size() > max_token_name_bytes) {
    return make_error(ErrorCode::too_large, "A token's name is at most 100 bytes");
  }
  const auto expires_at = cmd.expires_at.value_or(now + limits.lifetime_ms);
  if (expires_at <= now) {
    return make_error(ErrorCode::bad_request, "\"expires_at\" must be in the future");
  }
  if (expires_at > now + limits.lifetime_ms) {
    return make_error(ErrorCode::bad_request,
                      "\"expires_at\" may be at most " +
                          std::to_string(limits.lifetime_ms / (24 * 3600 * 1000)) + " days ahead");
  }
  if (live_tokens >= limits.max_live_per_person) {
    return make_error(ErrorCode::conflict, "You have " + std::to_string(live_tokens) +
                                               " live tokens, the most allowed; revoke one first");
  }
  return expires_at;
}

Status decide_revoke_token(const Person& person, const std::optional<ApiTokenRecord>& token) {
  if (!token || (token->person != person.id && person.role != Role::admin)) {
    return make_error(ErrorCode::not_found, "No such API token");
  }
  if (token->revoked_at) {
    return make_error(ErrorCode::invalid_state, "This API token is already revoked");
  }
  return Ok{};
}

bool is_live(const ApiTokenRecord& token, Timestamp now) noexcept {
  return !token.revoked_at && token.expires_at > now;
}

Status check_token_use(const std::optional<ApiTokenRecord>& token,
                       const std::optional<PersonRecord>& owner, TokenScope scope, Timestamp now) {
  if (!token || !owner) return make_error(ErrorCode::unauthenticated, "Unknown API token");
  if (token->revoked_at) {
    return make_error(ErrorCode::unauthenticated, "This API token has been revoked");
  }
  if (token->expires_at <= now) {
    return make_error(ErrorCode::unauthenticated, "This API token has expired");
  }
  if (token->scope != scope) {
    return make_error(ErrorCode::unauthenticated, "This API token is not for this endpoint");
  }
  if (!owner->active || !owner->organisation_active) {
    return make_error(ErrorCode::unauthenticated,
                      "The person or organisation this API token belongs to is deactivated");
  }
  if (!can_hold_api_tokens(owner->person)) {
    return make_error(ErrorCode::unauthenticated,
                      "This API token's owner is no longer an observer or admin");
  }
  return Ok{};
}

}  // namespace samrad::domain
