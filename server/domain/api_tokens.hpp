// Read-only API tokens for exports (issue 8): observers and admins hold them so that a script
// can fetch exports without a browser login. A token works only on export endpoints, never opens
// a WebSocket and never changes anything. Pure rules over facts the caller reads in the
// transaction that carries a change or a use out (service/api_token_service); no I/O, no clock.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/accounts.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"

namespace samrad::domain {

using ApiTokenId = std::int64_t;

// What a token may be used for. Only exports so far; the column exists so that a wider scope is
// a deliberate change and never an accident.
enum class TokenScope { export_ };
std::string_view to_string(TokenScope scope) noexcept;
std::optional<TokenScope> token_scope_from(std::string_view text) noexcept;

struct ApiTokenRecord {
  ApiTokenId id = 0;
  PersonId person = 0;
  std::string name;
  TokenScope scope = TokenScope::export_;
  Timestamp created_at = 0;
  std::optional<Timestamp> last_used_at;
  Timestamp expires_at = 0;
  std::optional<Timestamp> revoked_at;
  std::optional<PersonId> revoked_by;
};

// A token as its owner (or an admin) sees it in the list, with whose it is.
struct ApiTokenListing {
  ApiTokenRecord token;
  Person owner;
};

inline constexpr std::size_t max_token_name_bytes = 100;

struct ApiTokenLimits {
  // A token lasts this long unless its creator chooses a shorter time.
  Timestamp lifetime_ms = 365ll * 24 * 3600 * 1000;
  // Live tokens (neither revoked nor expired) one person may hold at once.
  std::size_t max_live_per_person = 20;
};

// Observers (ministry staff) and admins hold export tokens; nobody else does.
bool can_hold_api_tokens(const Person& person) noexcept;

struct CreateApiToken {
  std::string name;
  std::optional<Timestamp> expires_at;  // none: the default lifetime
};

// When the new token ends, or why it may not be created: not an observer or admin (forbidden),
// a blank or too long name (bad_request / too_large), an end in the past or past the longest
// lifetime (bad_request), or as many live tokens as allowed already (conflict).
Result<Timestamp> decide_create_token(const Person& person, const CreateApiToken& cmd,
                                      std::size_t live_tokens, const ApiTokenLimits& limits,
                                      Timestamp now);

// The owner revokes their own token, an admin anyone's. A token the person may not revoke is
// not_found to them (they need not learn it exists); one already revoked is invalid_state.
Status decide_revoke_token(const Person& person, const std::optional<ApiTokenRecord>& token);

// True while the token is neither revoked nor expired at now.
bool is_live(const ApiTokenRecord& token, Timestamp now) noexcept;

// Whether a presented token may be used now: it exists, is live, is for this scope, and its owner
// and their organisation are active and may still hold tokens. Every refusal is unauthenticated
// (the token does not work), with a message that says why.
Status check_token_use(const std::optional<ApiTokenRecord>& token,
                       const std::optional<PersonRecord>& owner, TokenScope scope, Timestamp now);

// What token work leaves in the audit log (the other actions are in domain/audit.hpp).
namespace audit_action {
inline constexpr std::string_view api_token_created = "api_token_created";
inline constexpr std::string_view api_token_revoked = "api_token_revoked";
// A token authenticated a request (which token, whose, the path); every export call is recorded
// as well, however it was authenticated.
inline constexpr std::string_view export_token_used = "export_token_used";
// A known token was presented but refused (revoked, expired, its owner deactivated ...).
inline constexpr std::string_view export_token_refused = "export_token_refused";
inline constexpr std::string_view export_ = "export";
}  // namespace audit_action

}  // namespace samrad::domain
