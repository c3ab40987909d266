// The account part of a write transaction: organisations, people, invitations and login
// sessions, read and written by account commands (service/account_handler) in the same batch
// transaction as the audit record of each. Facts and writes only; what is allowed is decided by
// domain/accounts before anything here writes. Every method throws on a database failure, like
// WriteTransaction's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/accounts.hpp"
#include "domain/api_tokens.hpp"
#include "domain/types.hpp"

namespace samrad::store {

struct NewSession {
  std::string token_hash;
  domain::PersonId person = 0;
  domain::Timestamp created_at = 0;
  domain::Timestamp expires_at = 0;  // the idle limit's end, at most:
  domain::Timestamp absolute_expires_at = 0;
  std::string user_agent = {};
  std::string address = {};
};

struct NewApiToken {
  std::string token_hash;
  domain::PersonId person = 0;
  std::string name;
  domain::TokenScope scope = domain::TokenScope::export_;
  domain::Timestamp created_at = 0;
  domain::Timestamp expires_at = 0;
};

// A token found by its hash, with the hash as stored (compared again in constant time).
struct ApiTokenMatch {
  domain::ApiTokenRecord token;
  std::string token_hash;
};

// A session a write removed, so that its open connections can be closed.
struct EndedSession {
  domain::SessionRecord session;
  std::string token_hash;
};

class AccountTransaction {
 public:
  virtual ~AccountTransaction() = default;

  virtual std::optional<domain::OrganisationRecord> organisation_record(
      domain::OrganisationId organisation) = 0;
  virtual bool organisation_name_taken(const std::string& name) = 0;
  virtual std::optional<domain::PersonRecord> person(domain::PersonId person) = 0;
  virtual std::optional<domain::PersonRecord> person_by_email(const std::string& email) = 0;
  // Active admins of active organisations.
  virtual std::vector<domain::AdminSeat> active_admins() = 0;

  virtual domain::OrganisationId insert_organisation(const std::string& name,
                                                     domain::OrganisationKind kind) = 0;
  virtual void set_organisation_active(domain::OrganisationId organisation, bool active) = 0;
  // A new person without a password (they set one through an invitation link).
  virtual domain::PersonId insert_person(const std::string& name, const std::string& email,
                                         domain::Role role,
                                         domain::OrganisationId organisation) = 0;
  virtual void set_person_active(domain::PersonId person, bool active) = 0;
  virtual void set_role(domain::PersonId person, domain::Role role) = 0;
  virtual void set_password_hash(domain::PersonId person, const std::string& hash) = 0;

  virtual domain::SessionId insert_session(const NewSession& session) = 0;
  virtual std::optional<EndedSession> session(domain::SessionId session) = 0;
  virtual std::optional<EndedSession> session_by_token(const std::string& token_hash) = 0;
  // Each removes what it names and returns what it removed.
  virtual std::vector<EndedSession> delete_session(domain::SessionId session) = 0;
  virtual std::vector<EndedSession> delete_sessions_of_person(domain::PersonId person) = 0;
  virtual std::vector<EndedSession> delete_sessions_of_organisation(
      domain::OrganisationId organisation) = 0;
  virtual std::vector<EndedSession> delete_expired_sessions(domain::Timestamp now) = 0;

  // created_by: none for the operator at the command line.
  virtual domain::InvitationId insert_invitation(const std::string& token_hash,
                                                 domain::PersonId person,
                                                 std::optional<domain::PersonId> created_by,
                                                 domain::Timestamp created_at,
                                                 domain::Timestamp expires_at) = 0;
  virtual std::optional<domain::InvitationRecord> invitation(const std::string& token_hash) = 0;
  virtual void mark_invitation_used(domain::InvitationId invitation, domain::Timestamp at) = 0;
  // Revokes the person's invitations that are neither used nor revoked yet.
  virtual void revoke_invitations_of(domain::PersonId person, domain::Timestamp at) = 0;

  // Read-only API tokens for exports, stored only as hashes.
  virtual domain::ApiTokenId insert_api_token(const NewApiToken& token) = 0;
  virtual std::optional<domain::ApiTokenRecord> api_token(domain::ApiTokenId token) = 0;
  virtual std::optional<ApiTokenMatch> api_token_by_hash(const std::string& token_hash) = 0;
  // The person's tokens that are neither revoked nor expired at now.
  virtual std::size_t live_api_tokens_of(domain::PersonId person, domain::Timestamp now) = 0;
  // revoked_by: none for the operator at the command line.
  virtual void revoke_api_token(domain::ApiTokenId token,
                                std::optional<domain::PersonId> revoked_by,
                                domain::Timestamp at) = 0;
  virtual void note_api_token_use(domain::ApiTokenId token, domain::Timestamp at) = 0;
};

}  // namespace samrad::store
